//! The `khabar` binary: parses the command line and hands each subcommand to
//! one function in [`cmd`]. It holds no logic of its own; every stage lives in
//! its crate (`khabar-ingest`, `khabar-clean`, `khabar-text`, ...).

mod cmd;
mod flags;
mod output;
mod report;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: the pipeline makes many small,
/// short-lived allocations on every core (tokens, match forms, feature
/// vectors), where glibc's malloc spent about a seventh of `khabar run`'s
/// CPU time. Built without transparent huge pages (the `no_thp` feature):
/// with them the kernel zeroes a 2 MiB page each time freed memory is
/// touched again, which cost more system time than the allocator saved.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = flags::Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("khabar: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Dispatches one subcommand. Each returns the exit code it decided on.
fn run(cli: flags::Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        flags::Command::Run(args) => cmd::run::run(&args),
        flags::Command::Clean(args) => cmd::clean::run(&args),
        flags::Command::Dedup(args) => cmd::dedup::run(&args),
        flags::Command::Align(args) => cmd::align::run(&args),
        flags::Command::Ingest(args) => cmd::ingest::run(&args),
        flags::Command::Stories(args) => cmd::stories::list(&args),
        flags::Command::Story(args) => cmd::stories::show(&args),
        flags::Command::Article(args) => cmd::article::run(&args),
        flags::Command::Search(args) => cmd::search::run(&args),
        flags::Command::Serve(args) => cmd::serve::run(&args),
    }
}
