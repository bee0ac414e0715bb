// fixture: _GOOS_GOARCH suffix
package x
