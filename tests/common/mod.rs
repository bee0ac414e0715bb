//! What the end-to-end tests share: the repository root, running the binary, expected files.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The repository root (where `fixtures/` and `tests/expected/` are).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs winparity from the repository root.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winparity"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// An expected output, reviewed by hand, under `tests/expected/`.
pub fn expected(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/expected").join(name)).unwrap()
}

/// Standard output, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}
