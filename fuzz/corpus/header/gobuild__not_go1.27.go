// fixture: !go1.27
//go:build !go1.27

package x
