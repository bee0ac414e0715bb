// fixture: ios builds darwin
//go:build darwin

package x
