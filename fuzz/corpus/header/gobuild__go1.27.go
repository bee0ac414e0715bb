// fixture: release tag go1.27 (future)
//go:build go1.27

package x
