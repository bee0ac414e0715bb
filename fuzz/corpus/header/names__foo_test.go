// fixture: plain _test.go
package x
