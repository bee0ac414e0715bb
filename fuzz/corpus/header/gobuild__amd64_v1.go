// fixture: tool tag amd64.v1 (default GOAMD64)
//go:build amd64.v1

package x
