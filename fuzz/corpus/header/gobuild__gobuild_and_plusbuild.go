// fixture: //go:build present: // +build ignored
//go:build windows
// +build linux

package x
