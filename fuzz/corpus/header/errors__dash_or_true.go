// fixture: invalid character '-' even where the rest would be true
//go:build foo-bar || windows

package x
