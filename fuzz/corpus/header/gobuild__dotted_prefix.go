// fixture: tags compare exactly (foo is not foo.bar)
//go:build foo

package x
