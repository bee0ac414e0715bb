// fixture: ! !x
//go:build ! !linux

package x
