// fixture: _windows_arm64
package x
