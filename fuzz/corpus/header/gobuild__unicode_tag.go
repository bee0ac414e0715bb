// fixture: Unicode letters in a tag
//go:build ünïcödé || linux

package x
