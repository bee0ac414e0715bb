// fixture: linux OR ignore
// +build linux foo-bar

package x
