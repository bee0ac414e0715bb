// fixture: trailing underscore: empty last element
package x
