// fixture: !(!x) is allowed
//go:build !(!windows)

package x
