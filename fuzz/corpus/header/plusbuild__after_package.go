// fixture: // +build after the package clause: ignored
package x

// +build linux
