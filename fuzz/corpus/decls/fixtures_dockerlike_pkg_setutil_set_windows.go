// Pattern: generic receivers with windows definitions: native (Add, Key), stub (Len returns 0), unsupported (Value panics).
package setutil

import "strings"

// Add adds v to the set, folding case for strings as Windows paths do.
func (s *Set[T]) Add(v T) {
	if str, ok := any(v).(string); ok {
		if folded, ok := any(strings.ToLower(str)).(T); ok {
			v = folded
		}
	}
	s.m[v] = struct{}{}
}

// Len returns the size of the set.
func (s *Set[T]) Len() int {
	return 0
}

// Key returns the pair's key.
func (p Pair[K, V]) Key() K {
	return p.k
}

// Value returns the pair's value.
func (p Pair[K, V]) Value() V {
	panic("Pair.Value is not implemented on windows")
}
