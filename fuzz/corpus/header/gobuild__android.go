// fixture: linux does not build android
//go:build android

package x
