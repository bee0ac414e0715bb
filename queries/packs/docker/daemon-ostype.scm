; winparity-query: goos
; needle: OSType
;
; testEnv.DaemonInfo.OSType (and testEnv.OSType) is the daemon's operating system: compared
; with "windows" it is a platform test like runtime.GOOS, so
; skip.If(t, testEnv.DaemonInfo.OSType == "windows") and
; if testEnv.DaemonInfo.OSType != "linux" { t.Skip(...) } are guards.
(selector_expression
  operand: (selector_expression
    operand: (identifier) @env
    field: (field_identifier) @info)
  field: (field_identifier) @field
  (#eq? @env "testEnv")
  (#eq? @info "DaemonInfo")
  (#eq? @field "OSType")) @goos

(selector_expression
  operand: (identifier) @env
  field: (field_identifier) @field
  (#eq? @env "testEnv")
  (#eq? @field "OSType")) @goos
