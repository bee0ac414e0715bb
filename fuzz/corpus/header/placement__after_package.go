// fixture: //go:build after the package clause: not counted
package x

//go:build windows
