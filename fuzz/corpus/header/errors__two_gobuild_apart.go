// fixture: two //go:build lines, one in the doc comment
//go:build linux

// Package x.
//go:build linux
package x
