// fixture: linux,!cgo
// +build linux,!cgo

package x
