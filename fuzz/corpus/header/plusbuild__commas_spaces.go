// fixture: spaces OR, commas AND
// +build linux,amd64 windows,arm64

package x
