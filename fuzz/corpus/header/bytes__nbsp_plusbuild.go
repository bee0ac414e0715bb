// +build linux windows

package x

// fixture: U+00A0 separates // +build fields
