// fixture: import "C": MatchFile keeps it without cgo (Import drops it later)
package x

// int f(void) { return 1; }
import "C"
