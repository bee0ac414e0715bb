// fixture: /* c */, blank, //go:build: counts
/* c */

//go:build windows

package x
