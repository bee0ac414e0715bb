// fixture: _arm
package x
