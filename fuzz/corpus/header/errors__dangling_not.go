// fixture: dangling !
//go:build linux && !

package x
