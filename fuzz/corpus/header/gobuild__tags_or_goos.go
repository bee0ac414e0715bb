// fixture: --tags or GOOS
//go:build integration || windows

package x
