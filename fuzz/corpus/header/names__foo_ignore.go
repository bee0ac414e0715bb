// fixture: ignore is not a known OS/arch: no constraint
package x
