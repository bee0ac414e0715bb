// fixture: _386
package x
