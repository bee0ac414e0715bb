// Pattern: vendored dependency (a tiny stand-in for logrus), skipped by the walker unless --vendor.
package logrus

import (
	"fmt"
	"os"
)

// Fields is a set of structured fields.
type Fields map[string]interface{}

// Entry is a log entry with fields.
type Entry struct{ Data Fields }

// WithField returns an entry holding one field.
func WithField(key string, value interface{}) *Entry { return &Entry{Data: Fields{key: value}} }

// Warn logs at warning level.
func (e *Entry) Warn(args ...interface{}) { fmt.Fprintln(os.Stderr, args...) }

// Debugf logs at debug level.
func Debugf(format string, args ...interface{}) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

// Infof logs at info level.
func Infof(format string, args ...interface{}) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

// Warnf logs at warning level.
func Warnf(format string, args ...interface{}) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

// Errorf logs at error level.
func Errorf(format string, args ...interface{}) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
