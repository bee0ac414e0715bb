// fixture: name starts with _ wins over the suffix
package x
