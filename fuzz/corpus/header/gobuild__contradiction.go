// fixture: always false
//go:build windows && !windows

package x
