// fixture: // +build then /* */ then blank line: ignored
// +build linux
/* c */

package x
