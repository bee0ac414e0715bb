// fixture: !cgo
//go:build !cgo

package x
