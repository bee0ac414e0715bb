// fixture: _android_test
package x
