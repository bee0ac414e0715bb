// fixture: //go:buildlinux is not a //go:build line
//go:buildlinux

package x
