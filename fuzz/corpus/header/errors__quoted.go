// fixture: quoted tag
//go:build "linux"

package x
