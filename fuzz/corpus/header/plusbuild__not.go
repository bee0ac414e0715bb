// fixture: !tag
// +build !windows

package x
