// fixture: _linux_arm
package x
