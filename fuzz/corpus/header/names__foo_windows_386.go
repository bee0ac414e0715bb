// fixture: _windows_386
package x
