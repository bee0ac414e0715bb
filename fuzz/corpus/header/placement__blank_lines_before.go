// fixture: blank lines before //go:build



//go:build windows
package x
