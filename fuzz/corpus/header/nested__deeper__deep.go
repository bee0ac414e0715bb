// fixture: file in nested/deeper/
//go:build linux && !cgo

package x
