// fixture: non-ASCII name, _linux
package x
