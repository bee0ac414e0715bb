// fixture: || chain
//go:build plan9 || js || wasip1 || aix

package x
