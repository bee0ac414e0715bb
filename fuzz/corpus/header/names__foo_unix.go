// fixture: unix is not a known OS: no file-name constraint
package x
