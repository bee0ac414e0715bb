; winparity-query: entry-point
; kind: command
; name: @use
; needle: cobra.Command
;
; A command of a cobra CLI (docker/cli): &cobra.Command{Use: "diff CONTAINER", RunE: …}. Its
; RunE (or Run) is the command's entry point; the name is its Use line.
(composite_literal
  type: (qualified_type
    package: (package_identifier) @pkg
    name: (type_identifier) @type)
  body: (literal_value
    (keyed_element
      key: (literal_element (identifier) @use_key)
      value: (literal_element (interpreted_string_literal) @use))
    (keyed_element
      key: (literal_element (identifier) @run_key)
      value: (literal_element (_) @handler)))
  (#eq? @pkg "cobra")
  (#eq? @type "Command")
  (#eq? @use_key "Use")
  (#match? @run_key "^RunE?$"))
