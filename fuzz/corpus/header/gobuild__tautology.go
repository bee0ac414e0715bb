// fixture: always true
//go:build linux || !linux

package x
