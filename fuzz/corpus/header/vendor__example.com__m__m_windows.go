// fixture: file in vendor/
package x
