// fixture: // +build after a /* */ line: ignored
/* c */
// +build linux

package x
