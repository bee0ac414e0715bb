// fixture: _solaris_amd64: illumos builds it
package x
