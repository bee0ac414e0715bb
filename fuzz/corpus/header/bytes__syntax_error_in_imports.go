// fixture: syntax error in the import block
//go:build windows

package x

import (
	"fmt
)
