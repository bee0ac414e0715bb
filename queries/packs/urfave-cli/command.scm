; winparity-query: entry-point
; kind: command
; name: @name
; needle: cli.Command
;
; A command of a urfave/cli program (containerd's ctr and containerd, BuildKit's buildctl):
; &cli.Command{Name: "pull", …, Action: …}. Its Action is the command's entry point; the name is
; its Name.
(composite_literal
  type: (qualified_type
    package: (package_identifier) @pkg
    name: (type_identifier) @type)
  body: (literal_value
    (keyed_element
      key: (literal_element (identifier) @name_key)
      value: (literal_element (interpreted_string_literal) @name))
    (keyed_element
      key: (literal_element (identifier) @action_key)
      value: (literal_element (_) @handler)))
  (#eq? @pkg "cli")
  (#eq? @type "Command")
  (#eq? @name_key "Name")
  (#eq? @action_key "Action"))
