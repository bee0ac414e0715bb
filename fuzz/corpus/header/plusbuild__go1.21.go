// fixture: release tag in // +build
// +build go1.21

package x
