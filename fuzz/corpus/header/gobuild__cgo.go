// fixture: cgo tag
//go:build cgo

package x
