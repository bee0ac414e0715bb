// fixture: linux_test: only 'test', dropped: no constraint
package x
