// fixture: exactly Go 1.21
//go:build go1.21 && !go1.22

package x
