// fixture: two //go:build lines
//go:build linux
//go:build windows

package x
