// fixture: // +build syntax in //go:build
//go:build linux,amd64

package x
