// fixture: missing )
//go:build (linux || windows

package x
