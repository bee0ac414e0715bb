// fixture: stem foo_linux
package x
