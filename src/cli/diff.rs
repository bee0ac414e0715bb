//! `diff`: two sides (revisions or JSON reports) compared, the gate, and its outputs.

use super::output::{init_threads, write_outputs};
use super::scan::scan_rev;
use super::settings::Settings;
use super::{DiffArgs, DiffFormat};
use crate::config::FailOn;
use crate::diff;
use crate::model::Report;
use crate::render::view::{DiffView, View};
use crate::render::{diffview, sarif};
use crate::scan::BlobCache;
use anyhow::{Context, Result, anyhow};
use std::path::{Path, PathBuf};

/// One side of a diff: a JSON report file, or a revision of the repository.
pub(super) fn load_side(arg: &str, repo: &Path, s: &Settings, cache: &BlobCache) -> Result<Report> {
    let p = Path::new(arg);
    if p.is_file() {
        let text = std::fs::read_to_string(p).with_context(|| format!("{arg}: cannot read"))?;
        return Report::from_json(&text)
            .map_err(|e| anyhow!("{arg}: not a winparity JSON report: {e}"));
    }
    // A side named like a report file that is not there: say so, rather than "unknown
    // revision" (a revision may still have that name: it is tried first).
    let looks_like_file = arg.ends_with(".json");
    scan_rev(repo, arg, s, cache).map_err(|e| {
        if looks_like_file && !p.exists() {
            anyhow!("{arg}: no such file (a side is a JSON report written by `winparity scan --format json`, or a revision of {})", repo.display())
        } else {
            e
        }
    })
}

pub(super) fn run_diff(a: DiffArgs) -> Result<u8> {
    init_threads(a.threads)?;
    let mut settings = Settings::resolve(&a.build, &a.repo)?;
    settings.quiet = a.quiet;
    if let Some(words) = &a.fail_on {
        let test_support = settings.fail_on.test_support;
        settings.fail_on = FailOn::parse(words).map_err(|e| anyhow!("--{e}"))?;
        settings.fail_on.test_support = test_support;
    }
    settings.fail_on.test_support |= a.gate_test_support;
    let cache = BlobCache::default();
    let old = load_side(&a.old, &a.repo, &settings, &cache)?;
    let new = load_side(&a.new, &a.repo, &settings, &cache)?;
    let d = diff::diff(&old, &new, settings.fail_on, &settings.suppressions);
    let mut targets: Vec<(DiffFormat, Option<PathBuf>)> = Vec::new();
    for p in &a.outputs {
        let f = DiffFormat::from_path(p).ok_or_else(|| {
            anyhow!(
                "-o {}: cannot tell the format from the name (use .json, .md, .sarif or .txt)",
                p.display()
            )
        })?;
        targets.push((f, Some(p.clone())));
    }
    if a.format.is_some() || a.outputs.is_empty() {
        targets.push((a.format.unwrap_or(DiffFormat::Table), None));
    }
    // What the change made worse, for annotations.
    let made_worse = d.made_worse();
    let (dv, nv) = (DiffView::new(&d), View::new(&new));
    write_outputs(&targets, |format, _, w| {
        let out = match format {
            DiffFormat::Json => d.to_json(),
            DiffFormat::Markdown => diffview::markdown(&dv, a.link_base.as_deref(), a.limit),
            DiffFormat::Table => diffview::table(&dv, a.limit),
            DiffFormat::Sarif => {
                sarif::render_findings(&nv, sarif::new_findings(&old, &nv, &made_worse))
            }
            DiffFormat::Github => {
                sarif::github_findings(&nv, sarif::new_findings(&old, &nv, &made_worse))
            }
        };
        w.write_all(out.as_bytes())?;
        Ok(())
    })?;
    Ok(if d.gate.tripped { 1 } else { 0 })
}
