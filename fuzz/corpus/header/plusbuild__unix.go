// fixture: unix in // +build
// +build unix

package x
