// fixture: _js
package x
