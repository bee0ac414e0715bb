// fixture: operators without spaces
//go:build linux&&amd64

package x
