// fixture: go1 is not a release tag
//go:build go1

package x
