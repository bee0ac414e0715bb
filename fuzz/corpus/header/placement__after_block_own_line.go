// fixture: //go:build on its own line after /* c */: counts
/* c */
//go:build windows

package x
