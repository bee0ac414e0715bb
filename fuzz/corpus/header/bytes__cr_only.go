// fixture: CR-only line endings: one long //go:build line (error)
//go:build windowspackage x