// fixture: !unix
//go:build !unix

package x
