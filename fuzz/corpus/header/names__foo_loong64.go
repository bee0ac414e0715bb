// fixture: _loong64
package x
