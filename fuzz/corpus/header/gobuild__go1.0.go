// fixture: go1.0 is not a release tag
//go:build go1.0

package x
