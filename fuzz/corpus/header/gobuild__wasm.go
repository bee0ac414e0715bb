// fixture: GOARCH wasm
//go:build wasm

package x
