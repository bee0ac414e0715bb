// fixture: negated group
//go:build !(linux || darwin)

package x
