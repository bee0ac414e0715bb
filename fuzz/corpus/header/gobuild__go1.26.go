// fixture: release tag go1.26
//go:build go1.26

package x
