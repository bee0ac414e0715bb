// fixture: _wasm: js and wasip1
package x
