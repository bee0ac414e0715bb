// fixture: //go:build as the first doc comment line
//go:build windows
// Package x is documented here.
package x
