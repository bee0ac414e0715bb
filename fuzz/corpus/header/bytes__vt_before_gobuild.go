//go:build windows

package x

// fixture: \v\f before //go:build are trimmed
