// fixture: _linux name and //go:build !linux
//go:build !linux

package x
