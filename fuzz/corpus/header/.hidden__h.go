// fixture: file in .hidden/
//go:build windows

package x
