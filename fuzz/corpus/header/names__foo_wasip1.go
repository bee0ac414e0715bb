// fixture: _wasip1 (KnownOS since Go 1.21)
package x
