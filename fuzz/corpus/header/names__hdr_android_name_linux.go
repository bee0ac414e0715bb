// fixture: _linux name and //go:build android
//go:build android

package x
