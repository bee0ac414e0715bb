// fixture: gc is not a known OS/arch: no constraint
package x
