// fixture: android does not build !linux
//go:build !linux

package x
