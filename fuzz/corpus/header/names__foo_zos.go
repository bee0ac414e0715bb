// fixture: known OS nobody here uses
package x
