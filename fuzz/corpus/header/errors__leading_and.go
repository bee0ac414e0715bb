// fixture: leading &&
//go:build && linux

package x
