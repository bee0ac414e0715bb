// fixture: // +build inside /* */: ignored
/*
// +build linux
*/

package x
