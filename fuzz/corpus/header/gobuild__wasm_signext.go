// fixture: tool tag wasm.signext
//go:build wasm.signext

package x
