// fixture: indented //go:build in the doc comment, then a blank line
// Package x is documented here.
    //go:build windows

package x
