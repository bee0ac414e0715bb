// fixture: trailing spaces after the expression
//go:build linux   

package x
