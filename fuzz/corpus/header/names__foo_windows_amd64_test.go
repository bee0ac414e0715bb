// fixture: _windows_amd64_test
package x
