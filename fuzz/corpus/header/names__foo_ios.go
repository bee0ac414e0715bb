// fixture: _ios: ios only
package x
