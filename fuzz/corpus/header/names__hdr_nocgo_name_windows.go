// fixture: _windows name and //go:build !cgo
//go:build !cgo

package x
