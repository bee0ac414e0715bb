// +build windows

package x

// fixture: UTF-8 BOM then // +build
