// fixture: only one _test is dropped: last element test, no constraint
package x
