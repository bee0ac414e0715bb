//! winparity: which parts of a Go codebase do not really work on Windows, and how.
//!
//! The pipeline, one module per stage:
//! [`source`] (where files come from) → [`gobuild`] (which platforms build each file, exactly
//! as `go/build` decides) → [`facts`] (what each file declares, its bodies' shapes, its guards)
//! → [`scan`] (the parallel per-directory pass) → [`join`] (every API across platforms, its
//! status) → [`model`] (the JSON contract) → [`render`] (the renderers). [`cli`] ties them together.

#![warn(missing_docs)]

#[cfg(feature = "alloc-stats")]
pub mod alloc_stats;
pub mod calls;
pub mod cli;
pub mod config;
pub mod diff;
pub mod facts;
pub mod gobuild;
pub mod hash;
pub mod history;
pub mod join;
pub mod model;
pub mod render;
pub mod scan;
pub mod source;
