// fixture: indented //go:build inside the package doc comment
// Package x is documented here.
//
    //go:build windows
package x
