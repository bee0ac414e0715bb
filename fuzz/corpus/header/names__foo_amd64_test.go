// fixture: _amd64_test
package x
