// fixture: !goexperiment.greenteagc
//go:build !goexperiment.greenteagc

package x
