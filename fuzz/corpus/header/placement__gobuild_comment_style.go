// fixture: trailing comment makes it an error
//go:build windows // c

package x
