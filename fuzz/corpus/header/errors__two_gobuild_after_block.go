// fixture: second //go:build after a /* */ line still in the header
//go:build linux
/* c */
//go:build linux
package x
