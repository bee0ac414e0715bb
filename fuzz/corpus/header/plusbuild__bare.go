// fixture: bare // +build means ignore
// +build

package x
