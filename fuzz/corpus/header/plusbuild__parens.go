// fixture: parentheses are not // +build syntax: ignore
// +build (linux)

package x
