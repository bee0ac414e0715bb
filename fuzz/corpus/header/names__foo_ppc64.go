// fixture: _ppc64
package x
