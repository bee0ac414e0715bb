// fixture: && binds tighter than ||
//go:build linux && amd64 || windows

package x
