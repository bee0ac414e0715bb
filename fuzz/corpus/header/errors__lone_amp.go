// fixture: lone &
//go:build linux & amd64

package x
