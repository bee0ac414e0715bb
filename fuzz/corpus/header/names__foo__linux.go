// fixture: double underscore: empty element, then linux
package x
