// fixture: oldest release tag
//go:build go1.1

package x
