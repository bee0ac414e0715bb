// fixture: //go:build followed by a tab
//go:build	windows

package x
