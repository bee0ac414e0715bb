// fixture: _android: android only (linux does not build it)
package x
