// fixture: //go:build inside /* */ does not count; // +build after the block is past the header start
/*
//go:build windows
*/
// +build linux

package x
