//! The `mojifix` command: a thin shell over the library (see `src/cli/`).

fn main() -> std::process::ExitCode {
    mojifix_cli::main()
}

#[path = "cli/mod.rs"]
mod mojifix_cli;
