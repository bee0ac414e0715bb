//go:build windows

package x

// fixture: U+00A0 as the separator after //go:build
