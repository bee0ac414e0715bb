// fixture: gc && !gccgo
//go:build gc && !gccgo

package x
