// fixture: indented // +build
   // +build windows

package x
