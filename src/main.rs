// The join and the report allocate many small strings; mimalloc does that faster than the
// system allocator (measured in BENCHMARKS.md).
#[cfg(not(feature = "alloc-stats"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// Counted, for measuring (src/alloc_stats.rs).
#[cfg(feature = "alloc-stats")]
#[global_allocator]
static GLOBAL: winparity::alloc_stats::Counting = winparity::alloc_stats::Counting;

fn main() -> std::process::ExitCode {
    winparity::cli::run(std::env::args_os())
}
