// fixture: a directory named dir.go is not a file
package x
