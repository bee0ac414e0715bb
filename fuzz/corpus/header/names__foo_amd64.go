// fixture: _GOARCH suffix
package x
