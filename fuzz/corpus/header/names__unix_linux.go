// fixture: prefix unix, suffix _linux
package x
