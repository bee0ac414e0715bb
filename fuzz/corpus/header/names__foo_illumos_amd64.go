// fixture: _illumos_amd64
package x
