//! The `stdalign` binary: parse arguments, run, turn errors into messages and exit
//! codes. Everything else lives in the library.

use clap::Parser;
use std::process::ExitCode;
use stdalign::cli::{Cli, Status, run};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("STDALIGN_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,hnsw_rs=off")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(Status::Ok) => ExitCode::SUCCESS,
        Ok(Status::Failed) => ExitCode::from(1),
        Err(e) => {
            let e = anyhow::Error::from(e);
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
