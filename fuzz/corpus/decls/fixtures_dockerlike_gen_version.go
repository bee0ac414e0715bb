//go:build ignore

// Pattern: a `//go:build ignore` generator (package main beside package dockerlike): built on no platform, so no APIs.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	if runtime.GOOS == "windows" {
		panic("the generator does not run on windows")
	}
	fmt.Println("package dockerlike\n\nconst Version = \"17.06.0-ce\"")
}
