// fixture: cgo in // +build
// +build cgo

package x
