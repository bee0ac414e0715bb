; winparity — where a platform-dependent condition can stand (docs/RULES.md §4).
; Each pattern names its role with the capture on the whole node; the code reads the
; condition, decides whether it depends on the platform, and finds the Windows branch.

; 1. if statements (each `else if` is an if_statement of its own).
(if_statement
  condition: (_) @condition) @if

; 2. switch runtime.GOOS { case "windows": … } — the operand is checked against the file's
;    name for the "runtime" import, which may be an alias.
(expression_switch_statement
  value: (selector_expression
    operand: (identifier) @runtime
    field: (field_identifier) @field
    (#eq? @field "GOOS"))) @goos_switch

; 3. tagless switch { case runtime.GOOS == "windows": … }: each case is a condition.
(expression_switch_statement
  !value
  (expression_case
    value: (expression_list) @condition) @case)

; 4. skip.If(t, runtime.GOOS == "windows", "reason") and skip.IfCondition(…).
(call_expression
  function: (selector_expression
    operand: (identifier) @skip_pkg
    field: (field_identifier) @skip_fn
    (#eq? @skip_pkg "skip")
    (#match? @skip_fn "^If(Condition)?$"))
  arguments: (argument_list) @arguments) @skip_call

; 5. Any other comparison, which may test runtime.GOOS: in a return, an assignment, a call's
;    argument, a composite literal's field (the code keeps those outside the conditions of
;    forms 1, 3 and 4, and those whose value differs between target and reference).
(binary_expression
  operator: ["==" "!="]) @comparison

; 6. A local flag: `isWindows := runtime.GOOS == "windows"` (one name, one value); the code
;    keeps those whose value is a comparison of R.GOOS, and reads the name as that test in the
;    conditions that follow it in its top-level declaration.
(short_var_declaration
  left: (expression_list . (identifier) @local_name .)
  right: (expression_list . (_) @local_value .)) @local_flag
