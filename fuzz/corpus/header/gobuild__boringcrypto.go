// fixture: boringcrypto is an alias of goexperiment.boringcrypto
//go:build boringcrypto

package x
