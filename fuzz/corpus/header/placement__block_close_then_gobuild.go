// fixture: //go:build after */ on the same line: not counted
/*
c */ //go:build windows

package x
