// fixture: compiler tag gccgo
//go:build gccgo

package x
