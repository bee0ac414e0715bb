// fixture: !!x becomes ignore
// +build !!windows

package x
