// only comments, no package clause
//go:build windows
