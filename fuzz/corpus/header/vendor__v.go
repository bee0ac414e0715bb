// fixture: file in vendor/
//go:build !windows

package x
