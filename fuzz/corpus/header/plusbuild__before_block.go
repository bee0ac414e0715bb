// fixture: // +build, blank line, then /* */: counts
// +build linux

/* c */
package x
