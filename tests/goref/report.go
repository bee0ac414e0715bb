package main

import "go/token"

// JSON output. Field order here is the output order.

type report struct {
	Platforms []string      `json:"platforms"`
	Target    string        `json:"target"`
	Reference string        `json:"reference"`
	Files     []fileOut     `json:"files"`
	APIs      []apiOut      `json:"apis"`
	Guards    []*guardOut   `json:"guards"`
	Refusals  []*refusalOut `json:"refusals"`
	Summary   summaryOut    `json:"summary"`
	// The directories of test-support packages with APIs (§6).
	TestSupportPackages []string `json:"test_support_packages"`
}

type fileOut struct {
	Path      string   `json:"path"`
	Package   *string  `json:"package"`
	Test      bool     `json:"test"`
	Platforms []string `json:"platforms"`
	Error     *string  `json:"error"`
}

type apiOut struct {
	ID            string   `json:"id"`
	PackageDir    string   `json:"package_dir"`
	Package       string   `json:"package"`
	Receiver      string   `json:"receiver"`
	Name          string   `json:"name"`
	Kind          string   `json:"kind"`
	Exported      bool     `json:"exported"`
	Status        string   `json:"status"`
	Definitions   []defOut `json:"definitions"`
	Messages      []string `json:"messages"`
	MissingFields []string `json:"missing_fields"`
}

type defOut struct {
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Platforms []string `json:"platforms"`
	Body      *string  `json:"body"`
}

type guardOut struct {
	File      string  `json:"file"`
	Line      int     `json:"line"`
	API       *string `json:"api"`
	Effect    string  `json:"effect"`
	Condition string  `json:"condition"`
	Message   *string `json:"message"`

	defKey string // file|id|line of the enclosing declared name; "" outside any
}

type refusalOut struct {
	File      string   `json:"file"`
	Line      int      `json:"line"`
	API       string   `json:"api"`
	Condition string   `json:"condition"`
	Message   string   `json:"message"`
	Fields    []string `json:"fields"`

	via     *helperRef
	namesOS string
	pos     token.Pos
}

type summaryOut struct {
	APIs        int            `json:"apis"`
	Parity      *float64       `json:"parity"`
	ByStatus    statusOut      `json:"by_status"`
	TestSupport testSupportOut `json:"test_support"`
}

type testSupportOut struct {
	APIs     int       `json:"apis"`
	Parity   *float64  `json:"parity"`
	ByStatus statusOut `json:"by_status"`
}

type statusOut struct {
	Portable      int `json:"portable"`
	Native        int `json:"native"`
	Guarded       int `json:"guarded"`
	Stub          int `json:"stub"`
	Unsupported   int `json:"unsupported"`
	Missing       int `json:"missing"`
	WindowsOnly   int `json:"windows-only"`
	LinuxInternal int `json:"linux-internal"`
}

func (s statusOut) total() int {
	return s.Portable + s.Native + s.Guarded + s.Stub + s.Unsupported + s.Missing + s.WindowsOnly + s.LinuxInternal
}

// parity: §5, windows-only and linux-internal left out; nil when nothing counts.
func (s statusOut) parity() *float64 {
	den := s.Portable + s.Native + s.Guarded + s.Stub + s.Unsupported + s.Missing
	if den == 0 {
		return nil
	}
	p := float64(s.Portable+s.Native) / float64(den)
	return &p
}

func strp(s string) *string { return &s }
