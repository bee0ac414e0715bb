// fixture: package after /* */ on the same line, //go:build after: not counted
/* c */ package x
//go:build windows
