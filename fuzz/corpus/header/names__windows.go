// fixture: no '_' in the stem: no constraint
package x
