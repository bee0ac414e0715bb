// fixture: _GOOS suffix (also built on linux with --tags windows)
package x
