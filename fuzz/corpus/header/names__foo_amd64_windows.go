// fixture: arch then OS: only the OS counts
package x
