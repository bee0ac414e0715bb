// fixture: file in testdata/ (MatchFile still answers)
package x
