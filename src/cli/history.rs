//! `history`: the release tags (or the revisions named) scanned oldest first.

use super::output::{init_threads, timing, write_outputs};
use super::scan::{Progress, scan_rev};
use super::settings::Settings;
use super::{Format, HistoryArgs, HistoryFormat};
use crate::scan::BlobCache;
use crate::source::git;
use anyhow::{Result, anyhow, bail};
use std::path::PathBuf;
use std::time::Instant;

/// The revisions a history covers: those named, or the release tags sorted as versions.
pub(super) fn history_revisions(a: &HistoryArgs, repo: &git2::Repository) -> Result<Vec<String>> {
    use crate::history::{parse_version, version_order};
    if !a.revs.is_empty() {
        return Ok(a.revs.clone());
    }
    let glob = match &a.tag_glob {
        Some(g) => Some(
            globset::Glob::new(g)
                .map_err(|e| anyhow!("--match {g}: {e}"))?
                .compile_matcher(),
        ),
        None => None,
    };
    let mut tags: Vec<(crate::history::Version, String)> = git::tag_names(repo)
        .map_err(|e| anyhow!(e))?
        .into_iter()
        .filter(|t| glob.as_ref().is_none_or(|g| g.is_match(t)))
        .filter_map(|t| parse_version(&t).map(|v| (v, t)))
        .filter(|(v, _)| a.prereleases || !v.pre)
        .collect();
    // A prefixed tag of a release a plain tag names too is that release's other name (moby's
    // `docs-v1.12.0-2016-07-28` beside `v1.12.0`): the plain tag stands for it.
    let plain: std::collections::HashSet<[u64; 3]> = tags
        .iter()
        .filter(|(v, _)| !v.prefixed)
        .map(|(v, _)| v.numbers)
        .collect();
    tags.retain(|(v, _)| !v.prefixed || !plain.contains(&v.numbers));
    tags.sort_by(|x, y| version_order(&x.0, &y.0).then(x.1.cmp(&y.1)));
    if let Some(since) = &a.since {
        if let Ok(day) = since.parse::<jiff::civil::Date>() {
            let day = day.to_string();
            tags.retain(|(_, t)| {
                git::resolve(repo, t)
                    .map(|c| git::commit_date(repo, c) >= day)
                    .unwrap_or(false)
            });
        } else {
            let from = parse_version(since).ok_or_else(|| {
                anyhow!("--since {since}: neither a date (YYYY-MM-DD) nor a version tag")
            })?;
            tags.retain(|(v, _)| version_order(v, &from) != std::cmp::Ordering::Less);
        }
    }
    if let Some(n) = a.last {
        let skip = tags.len().saturating_sub(n);
        tags.drain(..skip);
    }
    if tags.is_empty() {
        bail!(
            "{}: no release tags to scan (name revisions, or see --match, --since, --prereleases)",
            a.repo.display()
        );
    }
    Ok(tags.into_iter().map(|(_, t)| t).collect())
}

pub(super) fn run_history(a: HistoryArgs) -> Result<u8> {
    use crate::history::Builder;
    use crate::render::historyview;
    init_threads(a.threads)?;
    let mut targets: Vec<(HistoryFormat, Option<PathBuf>)> = Vec::new();
    for p in &a.outputs {
        let f = match Format::from_path(p) {
            Some(Format::Json) => HistoryFormat::Json,
            Some(Format::Markdown) => HistoryFormat::Markdown,
            Some(Format::Html) => HistoryFormat::Html,
            Some(Format::Table) => HistoryFormat::Table,
            _ => bail!(
                "-o {}: cannot tell the format from the name (use .json, .md, .html or .txt)",
                p.display()
            ),
        };
        targets.push((f, Some(p.clone())));
    }
    if a.format.is_some() || a.outputs.is_empty() {
        targets.push((a.format.unwrap_or(HistoryFormat::Table), None));
    }
    let mut settings = Settings::resolve(&a.build, &a.repo)?;
    settings.quiet = true;
    settings.one_shot = false;
    settings.features = false;
    let repo = git::open(&a.repo).map_err(|e| anyhow!(e))?;
    let revs = history_revisions(&a, &repo)?;
    let cache_file = repo.path().join("winparity").join("facts.bin");
    let cache = if a.no_cache {
        BlobCache::default()
    } else {
        BlobCache::load(&cache_file).unwrap_or_else(|e| {
            eprintln!("winparity: {e}");
            BlobCache::default()
        })
    };
    let mut builder = Builder::new();
    let t = Instant::now();
    let bar = Progress::new(revs.len(), a.quiet);
    for rev in &revs {
        let tr = Instant::now();
        let report = scan_rev(&a.repo, rev, &settings, &cache)?;
        let commit = git::resolve(&repo, rev).map_err(|e| anyhow!(e))?;
        builder.push(rev, git::commit_date(&repo, commit), &report);
        if timing() {
            eprintln!(
                "timing: {rev}: {:?} ({} blobs cached)",
                tr.elapsed(),
                cache.len()
            );
        }
        bar.tick(1);
    }
    bar.finish();
    if timing() {
        eprintln!("timing: {} revisions in {:?}", revs.len(), t.elapsed());
    }
    if !a.no_cache
        && let Err(e) = cache.save(&cache_file)
    {
        eprintln!("winparity: the cache was not written: {e}");
    }
    let h = builder.finish();
    let title = a.title.clone().unwrap_or_else(|| {
        std::fs::canonicalize(&a.repo)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| a.repo.display().to_string())
    });
    let view = crate::render::view::HistoryView::new(&h);
    write_outputs(&targets, |format, _, w| {
        let text = match format {
            HistoryFormat::Table => {
                crate::render::escape::terminal(&historyview::table(&h)).into_owned()
            }
            HistoryFormat::Json => {
                let mut s = serde_json::to_string(&h)?;
                s.push('\n');
                s
            }
            HistoryFormat::Markdown => historyview::markdown(&view, &title, a.limit),
            HistoryFormat::Html => {
                historyview::html(&view, &title).map_err(|e| anyhow!("HTML template: {e}"))?
            }
        };
        Ok(w.write_all(text.as_bytes())?)
    })
}
