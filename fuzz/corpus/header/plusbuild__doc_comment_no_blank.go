// fixture: // +build in the package doc comment, no blank line: ignored
// +build linux
// Package x is documented.
package x
