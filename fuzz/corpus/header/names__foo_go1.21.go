// fixture: stem foo_go1: no constraint
package x
