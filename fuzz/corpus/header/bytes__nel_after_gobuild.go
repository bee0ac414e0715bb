//go:build windows

package x

// fixture: U+0085 after the expression is trimmed
