// Pattern: a local errdefs package (portable) whose calls and values are error expressions elsewhere; blank `func _()` and `var _` declarations.
package errdefs

import "errors"

// ErrNotImplemented is returned by operations a platform does not implement.
var ErrNotImplemented = errors.New("not implemented")

type errNotImplemented struct{ error }

// NotImplemented wraps err so it is classified as not implemented.
func NotImplemented(err error) error {
	if err == nil {
		return nil
	}
	return errNotImplemented{err}
}

// IsNotImplemented reports whether err was wrapped by NotImplemented.
func IsNotImplemented(err error) bool {
	_, ok := err.(errNotImplemented)
	return ok || errors.Is(err, ErrNotImplemented)
}

// A blank function and a blank var: neither is an API.
func _() {
	var _ error = errNotImplemented{}
}

var _ = NotImplemented
