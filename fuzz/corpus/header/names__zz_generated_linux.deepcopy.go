// fixture: stem zz_generated_linux
package x
