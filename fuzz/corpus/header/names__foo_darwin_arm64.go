// fixture: _darwin_arm64: ios builds it
package x
