// fixture: _aix_ppc64
package x
