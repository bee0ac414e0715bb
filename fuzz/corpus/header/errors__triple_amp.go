// fixture: &&& (&& then lone &)
//go:build linux &&& windows

package x
