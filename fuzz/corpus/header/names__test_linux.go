// fixture: prefix test, suffix _linux
package x
