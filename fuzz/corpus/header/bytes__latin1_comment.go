// café (Latin-1, not UTF-8)
//go:build windows

package x

// fixture: invalid UTF-8 in a header comment
