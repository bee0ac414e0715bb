// fixture: _plan9
package x
