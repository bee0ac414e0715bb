// fixture: tool tag 386.sse2
//go:build 386.sse2

package x
