// fixture: ignore is an ordinary tag nobody sets
//go:build ignore

package x
