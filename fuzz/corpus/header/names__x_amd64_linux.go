// fixture: last element is an OS, the one before is not: _linux only
package x
