// fixture: file in _skip/
package x
