// fixture: // +build with //go:build present: ignored
// +build linux
//go:build windows

package x
