// fixture: several underscores, no known element
package x
