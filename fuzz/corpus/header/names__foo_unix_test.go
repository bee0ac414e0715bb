// fixture: _unix_test: no constraint
package x
