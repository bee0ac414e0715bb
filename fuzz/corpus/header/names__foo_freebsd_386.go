// fixture: _freebsd_386
package x
