// fixture: _js_wasm
package x
