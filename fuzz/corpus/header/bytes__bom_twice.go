﻿//go:build windows

package x

// fixture: two BOMs: only the first is stripped, the second is text
