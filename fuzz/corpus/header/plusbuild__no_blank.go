// fixture: // +build without a blank line: ignored
// +build linux
package x
