// fixture: everything before the first _ is ignored: amd64 only
package x
