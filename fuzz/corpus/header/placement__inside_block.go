// fixture: //go:build inside /* */: not counted
/*
//go:build windows
*/

package x
