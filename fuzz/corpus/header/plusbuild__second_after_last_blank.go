// fixture: second // +build after the last blank line: ignored
// +build linux

// +build windows
package x
