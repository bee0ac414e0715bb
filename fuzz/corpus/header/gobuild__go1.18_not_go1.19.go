// fixture: exactly Go 1.18
//go:build go1.18 && !go1.19

package x
