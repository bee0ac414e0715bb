// fixture: ignore in // +build
// +build ignore

package x
