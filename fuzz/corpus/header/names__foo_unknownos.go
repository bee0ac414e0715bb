// fixture: unknown element: no constraint
package x
