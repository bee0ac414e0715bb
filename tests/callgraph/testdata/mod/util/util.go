// Package util has a generic function.
package util

// Max returns the larger of a and b.
func Max[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// Box is a generic type that nothing instantiates.
type Box[T any] struct {
	v T
}

// Get calls a method of the generic type.
func (b *Box[T]) Get() T {
	return b.get()
}

func (b *Box[T]) get() T {
	return b.v
}
