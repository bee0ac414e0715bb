// fixture: two OSes: only the last counts
package x
