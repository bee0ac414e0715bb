// fixture: illumos builds solaris
//go:build solaris

package x
