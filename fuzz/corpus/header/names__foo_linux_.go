// fixture: trailing underscore after linux: empty last element
package x
