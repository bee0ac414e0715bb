// fixture: //go:build after non-comment text (a typo) is not a constraint
packge x
//go:build windows
