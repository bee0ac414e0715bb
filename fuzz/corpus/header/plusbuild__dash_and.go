// fixture: linux AND ignore
// +build linux,foo-bar

package x
