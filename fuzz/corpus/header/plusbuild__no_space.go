// fixture: //+build without space counts
//+build linux

package x
