// fixture: //go:build after // +build still controls
// +build linux
//go:build windows

package x
