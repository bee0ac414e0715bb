// fixture: !!x becomes ignore, ORed with linux
// +build !!windows linux

package x
