// fixture: release tag go1.18
//go:build go1.18

package x
