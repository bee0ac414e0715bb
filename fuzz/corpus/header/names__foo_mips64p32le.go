// fixture: known arch
package x
