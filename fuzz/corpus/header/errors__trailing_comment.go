// fixture: trailing // comment
//go:build linux // comment

package x
