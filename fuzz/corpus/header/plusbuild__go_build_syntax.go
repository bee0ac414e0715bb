// fixture: //go:build syntax in // +build: '&&' is ignore, ORed
// +build linux && amd64

package x
