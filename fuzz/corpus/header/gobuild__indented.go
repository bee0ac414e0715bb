// fixture: indented //go:build line
   	//go:build windows

package x
