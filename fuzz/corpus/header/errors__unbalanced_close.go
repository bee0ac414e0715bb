// fixture: extra )
//go:build linux || windows)

package x
