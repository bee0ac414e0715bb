// fixture: tool tag ppc64.power8
//go:build ppc64.power8

package x
