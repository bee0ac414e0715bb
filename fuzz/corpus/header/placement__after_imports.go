// fixture: //go:build after the imports: not counted
package x

import "fmt"

//go:build windows

var _ = fmt.Sprint
