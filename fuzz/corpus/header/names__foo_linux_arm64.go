// fixture: _linux_arm64: android/arm64 builds it
package x
