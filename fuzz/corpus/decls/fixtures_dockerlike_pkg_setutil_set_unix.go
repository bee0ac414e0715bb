//go:build !windows

// Pattern: generic receivers (`*Set[T]`, `Pair[K, V]`) with unix definitions.
package setutil

// Add adds v to the set.
func (s *Set[T]) Add(v T) {
	s.m[v] = struct{}{}
}

// Len returns the size of the set.
func (s *Set[T]) Len() int {
	return len(s.m)
}

// Key returns the pair's key.
func (p Pair[K, V]) Key() K {
	return p.k
}

// Value returns the pair's value.
func (p Pair[K, V]) Value() V {
	return p.v
}
