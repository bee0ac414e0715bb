// fixture: stem ends at the first '.': foo_linux
package x
