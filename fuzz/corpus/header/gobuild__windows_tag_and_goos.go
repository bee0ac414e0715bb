// fixture: only linux with --tags windows
//go:build windows && linux

package x
