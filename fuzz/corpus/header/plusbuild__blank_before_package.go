// fixture: // +build with a blank line before package
// +build linux

package x
