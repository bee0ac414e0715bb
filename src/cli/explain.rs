//! `explain`: one API as the reports have it, with its definitions' source; and `debug header`:
//! how one file's header reads.

use std::path::Path;

use anyhow::{Context, Result, anyhow};

use super::output::write_stdout;
use super::scan::{Input, scan, source_reader};
use super::settings::Settings;
use super::{BuildArgs, ExplainArgs, ExplainFormat};
use crate::render::explain;
use crate::render::view::View;

/// `winparity explain NAME [PATH] [--rev REV]`.
pub(super) fn run_explain(a: ExplainArgs) -> Result<u8> {
    let mut settings = Settings::resolve(&a.build, &a.path)?;
    settings.calls = true;
    let report = scan(&Input::of(&a.path, a.rev.as_deref()), &settings)?;
    let api = explain::find(&report, &a.name).map_err(|e| anyhow!(e))?;
    let view = View::new(&report);
    let text = match a.format {
        ExplainFormat::Text => {
            let read = source_reader(&a.path, a.rev.as_deref());
            explain::render(&view, api, &|rel| read(rel))
        }
        ExplainFormat::Json => explain::json(&view, api),
    };
    write_stdout(&text)?;
    Ok(0)
}

/// `winparity debug header FILE`.
pub(super) fn run_debug_header(file: &Path, build: &BuildArgs) -> Result<u8> {
    let settings = Settings::resolve(build, file.parent().unwrap_or(Path::new(".")))?;
    let bytes = std::fs::read(file).with_context(|| format!("{}: cannot read", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    write_stdout(&explain::dump_header(
        &name,
        &bytes,
        &settings.scan.contexts,
    ))?;
    Ok(0)
}
