// Pattern: portable generic types and a generic func; methods of these types are defined per platform beside this file.
package setutil

// Set is a set of comparable values.
type Set[T comparable] struct {
	m map[T]struct{}
}

// Pair is a key and a value.
type Pair[K comparable, V any] struct {
	k K
	v V
}

// NewSet returns an empty set (portable, generic func).
func NewSet[T comparable]() *Set[T] {
	return &Set[T]{m: map[T]struct{}{}}
}

// Has reports whether v is in the set (portable; parenthesized generic receiver).
func (s *(Set[T])) Has(v T) bool {
	_, ok := s.m[v]
	return ok
}
