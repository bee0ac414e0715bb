// fixture: release tag go1.21
//go:build go1.21

package x
