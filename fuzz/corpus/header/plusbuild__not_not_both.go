// fixture: !linux,!windows
// +build !linux,!windows

package x
