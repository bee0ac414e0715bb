// fixture: known OS hurd
package x
