// fixture: file in nested/deeper/
package x
