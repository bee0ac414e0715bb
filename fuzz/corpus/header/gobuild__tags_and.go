// fixture: two --tags
//go:build foo.bar && integration

package x
