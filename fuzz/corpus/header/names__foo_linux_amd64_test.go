// fixture: _linux_amd64_test
package x
