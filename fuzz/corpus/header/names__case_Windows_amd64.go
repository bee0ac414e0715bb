// fixture: case-sensitive OS, but _amd64 still counts
package x
