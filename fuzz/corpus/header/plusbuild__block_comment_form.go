// fixture: /* +build */ is not a // +build line
/* +build linux */

package x
