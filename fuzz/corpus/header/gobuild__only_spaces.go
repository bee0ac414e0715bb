// fixture: //go:build with only spaces: empty expression (error)
//go:build    

package x
