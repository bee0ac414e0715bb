// fixture: stem foo_windows (first '.')
package x
