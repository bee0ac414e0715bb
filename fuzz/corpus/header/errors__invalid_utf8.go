// fixture: invalid UTF-8 byte in the expression
//go:build ÿ

package x
