// Pattern: portable shared error values, a local error struct type and a type alias (`type PathError = os.PathError`), names ending in Error.
package system

import (
	"errors"
	"os"
)

var (
	// ErrNotSupportedPlatform means the platform is not supported.
	ErrNotSupportedPlatform = errors.New("platform and architecture is not supported")
)

// XattrError is returned by the extended-attribute helpers.
type XattrError struct {
	Op   string
	Attr string
	Err  error
}

func (e *XattrError) Error() string {
	return e.Op + " " + e.Attr + ": " + e.Err.Error()
}

// PathError is an alias of os.PathError (a type alias is an API of kind type).
type PathError = os.PathError

var _ error = (*XattrError)(nil)
