// fixture: empty //go:build
//go:build

package x
