// fixture: syntax error before the package clause
//go:build windows

packge x
