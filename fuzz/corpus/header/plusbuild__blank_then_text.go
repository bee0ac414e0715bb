// fixture: // +build, blank, comment, blank, package
// +build windows

// more

package x
