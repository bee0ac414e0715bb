// +build windows
