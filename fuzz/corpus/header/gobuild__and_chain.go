// fixture: && chain
//go:build linux && amd64 && cgo

package x
