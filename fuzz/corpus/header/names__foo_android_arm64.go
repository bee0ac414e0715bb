// fixture: _android_arm64
package x
