// fixture: U+00A0 between tokens (only space and tab separate)
//go:build linux || windows

package x
