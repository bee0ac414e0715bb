// fixture: CRLF line endings with // +build and blank line
// +build windows

package x
