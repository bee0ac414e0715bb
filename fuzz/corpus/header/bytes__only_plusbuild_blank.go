// +build windows

