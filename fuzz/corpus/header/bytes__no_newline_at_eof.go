//go:build windows

package x