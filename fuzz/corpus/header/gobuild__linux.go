// fixture: android builds linux
//go:build linux

package x
