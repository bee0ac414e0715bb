// fixture: CRLF line endings with //go:build
//go:build windows

package x
