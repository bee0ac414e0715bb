// fixture: two tags without operator
//go:build linux windows

package x
