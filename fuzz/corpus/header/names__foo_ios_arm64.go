// fixture: _ios_arm64
package x
