// fixture: tag starting with a digit
//go:build 386

package x
