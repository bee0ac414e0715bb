// fixture: empty literal after ',' becomes ignore
// +build linux,

package x
