//! The `rasd` command: Arabic news articles in, conflict event records out.
//!
//! One file per subcommand (`extract.rs`, `ingest.rs`, `serve.rs`, `eval.rs`, `train.rs`);
//! finding inputs (`paths.rs`), reading them (`input.rs`), framing the output formats
//! (`output.rs`, the terminal table in `table.rs`) and the progress bar (`progress.rs`) are
//! shared.

mod corpus;
mod eval;
mod extract;
mod ingest;
mod input;
mod output;
mod paths;
mod progress;
mod serve;
mod table;
mod train;

use std::io::{self, Write};
use std::panic;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Every document was processed.
const EXIT_OK: u8 = 0;
/// Usage error, or a run that could not start or could not write its output.
const EXIT_FAILURE: u8 = 1;
/// The run finished, but some inputs were skipped (each named on stderr).
const EXIT_SKIPPED: u8 = 2;

/// rasd: Arabic news reports to conflict event records.
#[derive(Debug, Parser)]
#[command(name = "rasd", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Extract(extract::ExtractArgs),
    Ingest(ingest::IngestArgs),
    Serve(serve::ServeArgs),
    Eval(eval::EvalArgs),
    Train(train::TrainArgs),
}

fn main() -> ExitCode {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap exits 2 on a usage error; rasd keeps 2 for "some inputs skipped", so a
            // usage error is 1. --help and --version go to stdout and succeed.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_OK
            });
        }
    };
    let code = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Train(args) => train::run(args),
    };
    ExitCode::from(code)
}

/// A panic is a bug: say so in one line, without the backtrace note meant for developers.
/// `extract` catches a panic inside the extractor and skips that document.
fn install_panic_hook() {
    panic::set_hook(Box::new(|info| {
        let _ = writeln!(
            io::stderr().lock(),
            "rasd: internal error (please report): {info}"
        );
    }));
}
