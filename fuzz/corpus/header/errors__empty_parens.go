// fixture: empty parentheses
//go:build ()

package x
