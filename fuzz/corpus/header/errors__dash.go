// fixture: invalid character '-'
//go:build linux-amd64

package x
