// fixture: // +build, blank line, doc comment: counts
// +build linux

// Package x is documented.
package x
