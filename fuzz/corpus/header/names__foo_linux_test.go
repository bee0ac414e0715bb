// fixture: _GOOS before _test
package x
