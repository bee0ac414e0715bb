// fixture: last element unknown: no constraint
package x
