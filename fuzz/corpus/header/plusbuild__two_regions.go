// fixture: two // +build lines, each before a blank line: ANDed
// +build linux

// +build windows

package x
