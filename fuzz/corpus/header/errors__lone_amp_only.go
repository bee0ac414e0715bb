// fixture: only &
//go:build &

package x
