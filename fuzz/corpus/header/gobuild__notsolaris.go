// fixture: illumos does not build !solaris
//go:build !solaris

package x
