// fixture: second //go:build inside /* */ is not counted
//go:build linux
/*
//go:build windows
*/
package x
