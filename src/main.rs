//! The `hasu` command-line tool: a thin layer over the `hasu` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
