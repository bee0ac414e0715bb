// fixture: ! followed by a space
//go:build ! windows

package x
