// fixture: nacl is still a known OS
package x
