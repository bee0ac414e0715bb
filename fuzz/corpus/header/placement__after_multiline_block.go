// fixture: //go:build after a multi-line /* */ block: counts
/*
  c
*/
//go:build windows
package x
