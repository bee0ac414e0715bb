// fixture: //go:build on a line starting with /*: not counted
/* c */ //go:build windows

package x
