// The join and the report allocate many small strings; mimalloc does that faster than the
// system allocator (measured in BENCHMARKS.md).
#[cfg(not(feature = "alloc-stats"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// Counted, for measuring (src/alloc_stats.rs).
#[cfg(feature = "alloc-stats")]
#[global_allocator]
static GLOBAL: winparity::alloc_stats::Counting = winparity::alloc_stats::Counting;

/// mimalloc's `mi_option_purge_delay` (`mi_option_e` of include/mimalloc.h, v2 and v3 of
/// libmimalloc-sys 0.1.49): how long freed memory stays committed before it goes back to the OS.
#[cfg(not(feature = "alloc-stats"))]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's `mi_option_arena_eager_commit`: whether an arena is committed when reserved.
#[cfg(not(feature = "alloc-stats"))]
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

fn main() -> std::process::ExitCode {
    // A scan frees its per-file facts (over 100 MB for moby with vendor) before the call graph
    // is built: given back at once, the graph's memory takes their place instead of adding to
    // the peak, and arenas are committed as they are used (moby with vendor: about 340 MB →
    // 240 MB peak RSS, BENCHMARKS.md). Set only from mimalloc's defaults (a delay, arenas
    // committed on overcommitting systems), so a build whose options mean other things is left
    // alone, and so is a delay the user set (`MIMALLOC_PURGE_DELAY=-1` trades memory for time).
    #[cfg(not(feature = "alloc-stats"))]
    // SAFETY: mi_option_get and mi_option_set only read and write mimalloc's option table.
    unsafe {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none()
            && libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) > 0
        {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        }
        if libmimalloc_sys::mi_option_get(MI_OPTION_ARENA_EAGER_COMMIT) == 2 {
            libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        }
    }
    winparity::cli::run(std::env::args_os())
}
