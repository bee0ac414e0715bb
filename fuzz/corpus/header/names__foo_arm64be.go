// fixture: known arch nobody here uses
package x
