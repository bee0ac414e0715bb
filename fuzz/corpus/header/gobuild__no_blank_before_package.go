// fixture: //go:build needs no blank line
//go:build windows
package x
