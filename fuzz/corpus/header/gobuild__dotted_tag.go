// fixture: tag with '.'
//go:build foo.bar

package x
