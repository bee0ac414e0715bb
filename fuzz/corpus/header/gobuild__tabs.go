// fixture: tabs between tokens
//go:build linux	&&	amd64

package x
