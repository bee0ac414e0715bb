//! Declarations are read from a folded token stream (each top-level `{…}` one token, bodies
//! tokenized only as far as their shape needs). The folding must not change a single fact:
//! every `.go` file of the repository's fixtures and test data, whole and cut short at many
//! points (which leaves strings, comments, raw strings and blocks open at the end), gives the
//! same declarations — names, lines, spans, body kinds and messages, fields, flags — folded and
//! from all its tokens.

use std::path::{Path, PathBuf};

use winparity::facts::decls::read_decls;
use winparity::facts::lexer::{tokenize, tokenize_top};

mod common;

fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            go_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "go") && p.is_file() {
            out.push(p);
        }
    }
}

/// Hand-written cases the fixtures may lack: brackets inside literals and comments, a block left
/// open, mismatched brackets, refusals in composite literals.
const TRICKY: &[&str] = &[
    "package a\nfunc f() { s := \"}\"; r := '}'; q := `}\n{`; /* } */ // }\n return nil }\nfunc g() {}\n",
    "package a\nfunc f() { ( }\nfunc g() { return }\n",
    "package a\nfunc f() {\n\tlog.Print(\"x\")\n\treturn errors.New(\"no\")\n}\n",
    "package a\nfunc f() {\n\tlog.Print(\"x\"); ;\n\tx()\n}\n",
    "package a\nfunc f() {\n\tx()\n\t;;\n}\n",
    "package a\nvar errX = &PathError{Op: \"remove\", Err: errors.New(\"not supported\")}\nvar errY = fmt.Errorf(\"%v\", T{\"inside\"})\n",
    "package a\nvar (\n\tf = func() bool { return runtime.GOOS == \"windows\" }()\n\tisWindows = runtime.GOOS == \"windows\"\n)\n",
    "package a\ntype G[T interface{ ~int }] struct{ v T; w struct{ x int } }\n",
    "package a\nfunc f() struct{ a int } { return struct{ a int }{} }\n}\nfunc g() {}\n",
    "package a\nfunc f() {\n\treturn \"unterminated\n}\nfunc g() { return nil }\n",
    "package a\nfunc f() { x := `open raw string\n}\nfunc g() {}\n",
    "package a\nfunc f() { /* open comment\n}\n",
    "\u{feff}package a\nfunc f() { return nil }\n",
    "package a\ntype A [x{1}]int\ntype B[T interface{ M() }] struct{}\n",
    "package a\nfunc (p *T{x, y} Z) M() error { return nil }\n",
];

#[test]
fn folded_and_full_token_streams_give_the_same_declarations() {
    let root = common::root();
    let mut files = Vec::new();
    go_files(&root.join("fixtures"), &mut files);
    go_files(&root.join("tests"), &mut files);
    files.sort();
    let mut sources: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read(p).unwrap()))
        .collect();
    sources.extend(
        TRICKY
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("tricky case {i}"), s.as_bytes().to_vec())),
    );
    assert!(sources.len() > 300, "the fixtures are there");
    let (mut full, mut top) = (Vec::new(), Vec::new());
    let mut checked = 0;
    for (name, src) in &sources {
        // The whole file, and cut at 40 points spread over it.
        let cuts = (0..=40).map(|k| src.len() * k / 40);
        for cut in cuts {
            let s = &src[..cut];
            tokenize(s, &mut full);
            tokenize_top(s, &mut top);
            for runtime in [Some("runtime"), None] {
                assert_eq!(
                    read_decls(s, &top, runtime),
                    read_decls(s, &full, runtime),
                    "{name} cut at byte {cut}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 20_000);
}
