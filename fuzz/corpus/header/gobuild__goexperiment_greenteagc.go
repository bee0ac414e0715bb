// fixture: tool tag goexperiment.greenteagc
//go:build goexperiment.greenteagc

package x
