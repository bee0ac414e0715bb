// fixture: Unicode tag in // +build
// +build ünï windows

package x
