// fixture: lone |
//go:build linux | windows

package x
