 //go:build windows

package x

// fixture: U+00A0 before //go:build is trimmed
