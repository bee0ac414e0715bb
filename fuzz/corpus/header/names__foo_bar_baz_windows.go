// fixture: several underscores, last element windows
package x
