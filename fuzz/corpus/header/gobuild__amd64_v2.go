// fixture: amd64.v2 is not set by default
//go:build amd64.v2

package x
