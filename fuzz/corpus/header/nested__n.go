// fixture: file in nested/
package x
