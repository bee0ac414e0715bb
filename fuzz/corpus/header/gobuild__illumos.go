// fixture: solaris does not build illumos
//go:build illumos

package x
