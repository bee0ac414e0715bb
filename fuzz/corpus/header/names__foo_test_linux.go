// fixture: _test is dropped only when last: _linux counts
package x
