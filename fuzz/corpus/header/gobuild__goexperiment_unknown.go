// fixture: unknown experiment
//go:build goexperiment.nosuchexperiment

package x
