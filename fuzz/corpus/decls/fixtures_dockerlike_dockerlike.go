// Pattern: root package (package_dir "."): portable const, grouped var with a blank `_`, an adapting guard in a package-level var initializer.
package dockerlike

import "runtime"

// Version is the version of the fixture.
const Version = "17.06.0-ce"

var (
	// DefaultPlatform is chosen at run time: the guard only adapts.
	DefaultPlatform = func() string {
		if runtime.GOOS == "windows" {
			return "windows/amd64"
		}
		return "linux/amd64"
	}()

	_ = Version
)
