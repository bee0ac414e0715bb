// The join and the report allocate many small strings; mimalloc does that faster than the
// system allocator (measured in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    winparity::cli::run(std::env::args_os())
}
