// fixture: _windows name and //go:build linux: both must hold (linux with --tags windows)
//go:build linux

package x
