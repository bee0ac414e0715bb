// fixture: CJK letters in a tag
//go:build 日本 || windows

package x
