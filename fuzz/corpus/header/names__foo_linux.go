// fixture: _GOOS suffix
package x
