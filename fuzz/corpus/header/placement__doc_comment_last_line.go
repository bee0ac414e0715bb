// fixture: //go:build as the last doc comment line
// Package x is documented here.
//go:build windows
package x
