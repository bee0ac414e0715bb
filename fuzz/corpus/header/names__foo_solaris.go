// fixture: _solaris: solaris and illumos
package x
