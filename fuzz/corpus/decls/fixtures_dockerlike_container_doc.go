// Pattern: a `package documentation` file: the go command ignores it, and so must the API table (Example is not an API).
package documentation

// Example would be an API if this file were not package documentation.
func Example() {}
