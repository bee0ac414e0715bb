// fixture: _illumos: illumos only
package x
