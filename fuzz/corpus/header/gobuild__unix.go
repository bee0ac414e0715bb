// fixture: unix tag (ios, android, illumos, aix... yes; windows, js, wasip1, plan9 no)
//go:build unix

package x
