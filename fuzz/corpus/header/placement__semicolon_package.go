// fixture: package clause followed by ';' on the same line
//go:build windows
package x; var y = 1
