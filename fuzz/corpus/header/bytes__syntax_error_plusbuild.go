// fixture: syntax error before the package clause, // +build
// +build windows

packge x
