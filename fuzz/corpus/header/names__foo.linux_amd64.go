// fixture: stem ends at the first '.': foo, no constraint
package x
