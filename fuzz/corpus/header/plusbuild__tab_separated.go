// fixture: tabs around +build
//	+build	linux

package x
