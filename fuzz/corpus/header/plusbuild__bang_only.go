// fixture: '!' alone becomes ignore
// +build !

package x
