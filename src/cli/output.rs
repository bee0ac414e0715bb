//! Where output goes: stdout (quietly ending on a broken pipe) and `-o FILE`s, the terminal's
//! width and colors, the worker threads, and the timing lines for measuring.

use super::{ColorChoice, is_broken_pipe};
use crate::render::table;
use anyhow::{Context, Result, anyhow, bail};
use std::io::{self, Write};
use std::path::PathBuf;

/// The table's width: `COLUMNS` when it is a number, else the terminal's when the table goes
/// to one, else 100 (a file or a pipe).
pub(super) fn table_width(to_stdout: bool) -> u16 {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|n| *n > 0)
    {
        return n;
    }
    if to_stdout {
        let term = console::Term::stdout();
        if term.is_term()
            && let Some((_, cols)) = term.size_checked()
        {
            return cols;
        }
    }
    table::DEFAULT_WIDTH
}

pub(super) fn use_color(choice: ColorChoice) -> bool {
    use std::io::IsTerminal;
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    colors_on(
        choice,
        io::stdout().is_terminal(),
        var("NO_COLOR").is_some(),
        var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
        var("TERM").as_deref() == Some("dumb"),
    )
}

/// Whether to color: the flag decides when it says always or never; else NO_COLOR turns them
/// off (no-color.org), CLICOLOR_FORCE on (bixense.com/clicolors), a dumb terminal off, and
/// then whether stdout is a terminal.
pub(super) fn colors_on(
    choice: ColorChoice,
    tty: bool,
    no_color: bool,
    force: bool,
    dumb: bool,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !no_color && (force || (tty && !dumb)),
    }
}

pub(super) fn timing() -> bool {
    std::env::var_os("WINPARITY_TIMING").is_some()
}

/// Resident and peak memory, for the timing lines (Linux only; empty elsewhere).
pub(crate) fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    #[cfg(feature = "alloc-stats")]
    let counted = format!(", {}", crate::alloc_stats::summary());
    #[cfg(not(feature = "alloc-stats"))]
    let counted = "";
    format!(
        "[rss {}, peak {}{counted}{}]",
        field("VmRSS:"),
        field("VmHWM:"),
        cpu_so_far()
    )
}

/// The process's CPU time so far, all threads (`/proc/self/stat`'s utime and stime, in the
/// 1/100 s ticks Linux reports to user space): beside a phase's wall time it tells how
/// parallel the phase was. Empty where there is no such file.
fn cpu_so_far() -> String {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = match stat.rsplit_once(')') {
        Some((_, rest)) => rest.split_whitespace().collect(),
        None => return String::new(),
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let tick = |k: usize| fields.get(k).and_then(|v| v.parse::<u64>().ok());
    match (tick(11), tick(12)) {
        (Some(u), Some(s)) => format!(", cpu user {} ms, sys {} ms", u * 10, s * 10),
        _ => String::new(),
    }
}

/// Standard output for large outputs. Rust's stdout is line-buffered: every write looks for
/// the last newline of what it is given, which costs a pass over a report of tens of
/// megabytes. On Unix a duplicate of the descriptor is written instead, through the caller's
/// buffer; elsewhere (or when it cannot be duplicated) the usual locked stdout.
pub(super) fn stdout_writer() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(io::stdout().lock())
}

/// Writes text for people to stdout, control characters from the input shown, not run
/// (`render::escape::terminal`).
pub(super) fn write_stdout(s: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(crate::render::escape::terminal(s).as_bytes())?;
    out.flush()?;
    Ok(())
}

pub(super) fn init_threads(n: Option<usize>) -> Result<()> {
    let mut b = rayon::ThreadPoolBuilder::new().stack_size(16 << 20);
    if let Some(n) = n {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        b = b.num_threads(n);
    }
    b.build_global()
        .map_err(|e| anyhow!("cannot start the worker threads: {e}"))
}

/// Writes each output — stdout for `None`, else `-o FILE` — through `render(format, to_stdout,
/// writer)`. One output that cannot be written does not lose the others (all the failures are
/// reported, exit 2); a closed stdout ends quietly.
pub(super) fn write_outputs<F>(
    targets: &[(F, Option<PathBuf>)],
    render: impl Fn(&F, bool, &mut dyn Write) -> Result<()>,
) -> Result<u8> {
    let mut failures = Vec::new();
    for (format, file) in targets {
        let written = match file {
            None => {
                let mut out = io::BufWriter::with_capacity(1 << 16, stdout_writer());
                render(format, true, &mut out).and_then(|_| Ok(out.flush()?))
            }
            Some(path) => std::fs::File::create(path)
                .map_err(anyhow::Error::from)
                .and_then(|f| {
                    let mut w = io::BufWriter::new(f);
                    render(format, false, &mut w)?;
                    Ok(w.flush()?)
                })
                .with_context(|| format!("-o {}: cannot write", path.display())),
        };
        if let Err(e) = written {
            if file.is_none() && is_broken_pipe(&e) {
                return Ok(0);
            }
            failures.push(format!("{e:#}"));
        }
    }
    if failures.is_empty() {
        Ok(0)
    } else {
        bail!(failures.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ColorChoice;

    #[test]
    fn colors_follow_the_flag_then_no_color_clicolor_force_and_the_terminal() {
        use ColorChoice::*;
        // (choice, tty, NO_COLOR, CLICOLOR_FORCE, TERM=dumb) → colors
        let cases = [
            (Always, false, true, false, true, true),
            (Never, true, false, true, false, false),
            (Auto, true, false, false, false, true),
            (Auto, false, false, false, false, false),
            (Auto, true, true, false, false, false),
            (Auto, false, false, true, false, true),
            (Auto, false, true, true, false, false),
            (Auto, true, false, false, true, false),
            (Auto, false, false, true, true, true),
        ];
        for (c, tty, no, force, dumb, want) in cases {
            assert_eq!(
                colors_on(c, tty, no, force, dumb),
                want,
                "{c:?} {tty} {no} {force} {dumb}"
            );
        }
    }
}
