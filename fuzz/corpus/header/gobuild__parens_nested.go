// fixture: nested parentheses
//go:build ((linux))

package x
