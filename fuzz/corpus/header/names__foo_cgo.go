// fixture: cgo is not a known OS/arch: no constraint
package x
