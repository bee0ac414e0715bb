//! What each file says: its declarations, their bodies' shapes, and its guards.
//!
//! Every file built on a compared platform is tokenized (cheap: declarations and body shapes
//! come from tokens). Only files that can hold a guard — they mention `GOOS`, or a platform
//! flag of their package — are parsed with tree-sitter.

pub mod body;
pub mod decls;
pub mod guards;
pub mod lexer;

use std::cell::RefCell;
use std::collections::HashMap;

use decls::Decl;
use guards::{Atoms, GuardQuery, RawGuard};

use crate::gobuild::header::Header;

/// The facts of one file.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    /// Top-level declarations, in source order.
    pub decls: Vec<Decl>,
    /// Guards, in source order.
    pub guards: Vec<RawGuard>,
    /// Whether tree-sitter parsed the file (it could hold a guard).
    pub parsed: bool,
    /// Whether tree-sitter found syntax errors (only known for parsed files).
    pub syntax_error: bool,
}

/// The file's name for the `runtime` import (None when not imported or dot/blank-imported).
pub fn runtime_name(header: &Header) -> Option<String> {
    header.imports.iter().find(|i| i.path == "runtime").and_then(|i| match i.name.as_deref() {
        None => Some("runtime".to_string()),
        Some("." | "_") => None,
        Some(alias) => Some(alias.to_string()),
    })
}

thread_local! {
    static TOKENS: RefCell<Vec<lexer::Token>> = const { RefCell::new(Vec::new()) };
    static PARSER: RefCell<Option<tree_sitter::Parser>> = const { RefCell::new(None) };
}

/// Reads the declarations of a file.
pub fn read_decls(src: &[u8], runtime: Option<&str>) -> Vec<Decl> {
    TOKENS.with(|t| {
        let mut toks = t.borrow_mut();
        lexer::tokenize(src, &mut toks);
        decls::read_decls(src, &toks, runtime)
    })
}

/// Whether the file may hold a guard: it mentions GOOS or one of the flag names.
pub fn may_hold_guard(src: &[u8], flags: &HashMap<String, (bool, bool)>) -> bool {
    memchr::memmem::find(src, b"GOOS").is_some()
        || flags.keys().any(|f| memchr::memmem::find(src, f.as_bytes()).is_some())
}

/// Parses the file with tree-sitter and finds its guards.
pub fn read_guards(src: &[u8], query: &GuardQuery, atoms: &Atoms) -> (Vec<RawGuard>, bool) {
    PARSER.with(|p| {
        let mut p = p.borrow_mut();
        let parser = p.get_or_insert_with(guards::new_parser);
        guards::find_guards(parser, query, src, atoms)
    })
}
