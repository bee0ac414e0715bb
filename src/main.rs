fn main() -> std::process::ExitCode {
    winparity::cli::run(std::env::args_os())
}
