// fixture: CRLF, // +build without blank line: ignored
// +build windows
package x
