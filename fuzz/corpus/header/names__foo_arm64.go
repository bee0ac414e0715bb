// fixture: _arm64
package x
