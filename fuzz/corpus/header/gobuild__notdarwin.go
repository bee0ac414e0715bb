// fixture: ios does not build !darwin
//go:build !darwin

package x
