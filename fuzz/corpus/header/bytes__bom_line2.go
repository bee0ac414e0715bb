// c
﻿//go:build windows

package x

// fixture: BOM at the start of line 2 is text: header ends
