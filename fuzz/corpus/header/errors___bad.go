// fixture: malformed but name starts with _: never read
//go:build &

package x
