// fixture: amd64p32 is still a known arch
package x
