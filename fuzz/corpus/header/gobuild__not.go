// fixture: !
//go:build !windows

package x
