// fixture: compiler tag gc
//go:build gc

package x
