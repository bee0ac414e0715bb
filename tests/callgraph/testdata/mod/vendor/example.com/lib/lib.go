// Package lib is a vendored dependency.
package lib

// Clamp calls a function of its own package.
func Clamp(x int) int {
	return limit(x)
}

func limit(x int) int {
	if x > 9 {
		return 9
	}
	return x
}
