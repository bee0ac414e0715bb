// fixture: && binds tighter than ||
//go:build windows || linux && arm

package x
