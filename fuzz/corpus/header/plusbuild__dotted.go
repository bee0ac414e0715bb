// fixture: dotted tag in // +build
// +build foo.bar

package x
