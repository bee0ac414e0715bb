//! The guard evaluator (`facts::guards`), two ways.
//!
//! 1. The input as a whole `.go` file: `find_guards` must not panic nor overflow its stack
//!    (conditions, parentheses and blocks nest as deep as the input likes), and every guard
//!    found lies inside the input (offset and line).
//! 2. The input as a recipe for a condition: a tree of `runtime.GOOS` comparisons, `true`,
//!    `false`, calls of unknown value, `!`, `&&`, `||` and parentheses (sometimes thousands of
//!    them around one operand), written into `if COND { return errors.New("refused") }`. The
//!    guard found must be the one docs/RULES.md §4 gives, as computed here by a plain recursive
//!    evaluation of the recipe's own tree (three-valued on target and reference; the first
//!    operand that differs between them, left to right, decides an undecided condition): no
//!    guard when the condition cannot tell Windows from Linux, a refusal with its message when
//!    Windows takes the branch, an adaptation when Linux does.

#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use winparity::facts::guards::{Atoms, Effect, GUARDS_SCM, GuardQuery, find_guards, new_parser};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tri {
    T,
    F,
    U,
}

impl Tri {
    fn not(self) -> Tri {
        match self {
            Tri::T => Tri::F,
            Tri::F => Tri::T,
            Tri::U => Tri::U,
        }
    }
    fn and(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::F, _) | (_, Tri::F) => Tri::F,
            (Tri::T, Tri::T) => Tri::T,
            _ => Tri::U,
        }
    }
    fn or(self, o: Tri) -> Tri {
        match (self, o) {
            (Tri::T, _) | (_, Tri::T) => Tri::T,
            (Tri::F, Tri::F) => Tri::F,
            _ => Tri::U,
        }
    }
}

/// A condition: operands with their value on (Windows, Linux), or None when unknown.
enum Expr {
    Atom(&'static str, Option<(bool, bool)>),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Paren(Box<Expr>, usize),
}

const ATOMS: [(&str, Option<(bool, bool)>); 9] = [
    ("runtime.GOOS == \"windows\"", Some((true, false))),
    ("runtime.GOOS != \"windows\"", Some((false, true))),
    ("runtime.GOOS == \"linux\"", Some((false, true))),
    ("\"windows\" == runtime.GOOS", Some((true, false))),
    ("runtime.GOOS == \"darwin\"", Some((false, false))),
    ("runtime.GOOS != \"plan9\"", Some((true, true))),
    ("true", None),
    ("false", None),
    ("x()", None),
];

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn next(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
}

/// A condition from the bytes; depth bounded here (the evaluator's depth comes from the
/// parentheses, which cost no recursion in this generator).
fn generate(b: &mut Bytes, depth: u32) -> Expr {
    let op = b.next();
    if depth >= 10 || op < 100 {
        let (text, value) = ATOMS[usize::from(b.next()) % ATOMS.len()];
        return Expr::Atom(text, value);
    }
    match op % 4 {
        0 => Expr::Not(Box::new(generate(b, depth + 1))),
        1 => Expr::And(Box::new(generate(b, depth + 1)), Box::new(generate(b, depth + 1))),
        2 => Expr::Or(Box::new(generate(b, depth + 1)), Box::new(generate(b, depth + 1))),
        _ => {
            let n = match b.next() {
                255 => 5000,
                k => 1 + usize::from(k % 4),
            };
            Expr::Paren(Box::new(generate(b, depth + 1)), n)
        }
    }
}

fn write(e: &Expr, out: &mut String) {
    match e {
        Expr::Atom(t, _) => out.push_str(t),
        Expr::Not(x) => {
            out.push('!');
            // `!` binds tighter than a comparison: its operand is parenthesized.
            out.push('(');
            write(x, out);
            out.push(')');
        }
        Expr::And(l, r) | Expr::Or(l, r) => {
            out.push('(');
            write(l, out);
            out.push_str(if matches!(e, Expr::And(..)) { ") && (" } else { ") || (" });
            write(r, out);
            out.push(')');
        }
        Expr::Paren(x, n) => {
            out.push_str(&"(".repeat(*n));
            write(x, out);
            out.push_str(&")".repeat(*n));
        }
    }
}

/// Value on one side (0 = Windows, 1 = Linux).
fn eval(e: &Expr, side: usize) -> Tri {
    match e {
        Expr::Atom(t, v) => match (v, *t) {
            (Some((w, l)), _) => {
                if [*w, *l][side] {
                    Tri::T
                } else {
                    Tri::F
                }
            }
            (None, "true") => Tri::T,
            (None, "false") => Tri::F,
            _ => Tri::U,
        },
        Expr::Not(x) => eval(x, side).not(),
        Expr::And(l, r) => eval(l, side).and(eval(r, side)),
        Expr::Or(l, r) => eval(l, side).or(eval(r, side)),
        Expr::Paren(x, _) => eval(x, side),
    }
}

/// The first operand whose value differs between the sides, left to right, with its value
/// on Windows after the negations above it.
fn first_differing(e: &Expr, negated: bool) -> Option<bool> {
    match e {
        Expr::Atom(_, Some((w, l))) if w != l => Some(*w != negated),
        Expr::Atom(..) => None,
        Expr::Not(x) => first_differing(x, !negated),
        Expr::And(l, r) | Expr::Or(l, r) => {
            first_differing(l, negated).or_else(|| first_differing(r, negated))
        }
        Expr::Paren(x, _) => first_differing(x, negated),
    }
}

/// Whether Windows takes the branch: None when the condition does not tell the platforms
/// apart.
fn windows_takes_branch(e: &Expr) -> Option<bool> {
    let differing = first_differing(e, false)?;
    match (eval(e, 0), eval(e, 1)) {
        (Tri::T, Tri::T) | (Tri::F, Tri::F) => None,
        (Tri::T, _) | (Tri::U, Tri::F) => Some(true),
        (Tri::U, Tri::U) => Some(differing),
        _ => Some(false),
    }
}

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static QUERY: GuardQuery = GuardQuery::new(GUARDS_SCM).expect("the built-in query compiles");
    }
    let flags = HashMap::new();
    let atoms = Atoms {
        runtime: Some("runtime"),
        flags: &flags,
        target_goos: "windows",
        reference_goos: "linux",
        packs: false,
    };
    let mut parser = new_parser();
    QUERY.with(|q| {
        // 1. The bytes as a file.
        let read = find_guards(&mut parser, q, data, &atoms, &[]);
        let lines = data.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        for g in &read.guards {
            assert!((g.offset as usize) < data.len().max(1), "{g:?}");
            assert!(g.line >= 1 && g.line <= lines, "{g:?}");
        }

        // 2. The bytes as a condition.
        let expr = generate(&mut Bytes(data), 0);
        let mut cond = String::new();
        write(&expr, &mut cond);
        let src = format!(
            "package a\n\nimport (\n\t\"errors\"\n\t\"runtime\"\n)\n\nfunc F() error {{\n\tif {cond} {{\n\t\treturn errors.New(\"refused\")\n\t}}\n\treturn nil\n}}\n"
        );
        let read = find_guards(&mut parser, q, src.as_bytes(), &atoms, &[]);
        assert!(!read.syntax_error, "{src}");
        let got: Vec<(Effect, Option<&str>, u32)> = read
            .guards
            .iter()
            .map(|g| (g.effect, g.message.as_deref(), g.line))
            .collect();
        let want: Vec<(Effect, Option<&str>, u32)> = match windows_takes_branch(&expr) {
            None => vec![],
            Some(true) => vec![(Effect::Refuses, Some("refused"), 9)],
            Some(false) => vec![(Effect::Adapts, None, 9)],
        };
        assert_eq!(got, want, "{cond}");
    });
});
