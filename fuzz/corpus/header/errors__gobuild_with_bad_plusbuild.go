// fixture: malformed // +build is never an error
//go:build windows
// +build linux,!!x

package x
