// fixture: tag starting with _
//go:build _x || darwin

package x
