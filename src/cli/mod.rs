//! The `stdalign` command line: clap types (one `Args` struct per subcommand) and
//! [`run`], which calls [`Engine`] and prints. No search or ingest logic lives here.

mod render;

use crate::engine::{Engine, Outcome, Progress};
use crate::search::SearchRequest;
use crate::{Result, bench};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

/// Line up GB standards with ASEAN standards (TISI, TCVN, SNI, MS, SS, PNS) clause by
/// clause, and search clauses in any language.
#[derive(Debug, Parser)]
#[command(name = "stdalign", version, about)]
pub struct Cli {
    /// Index folder.
    #[arg(long, global = true, env = "STDALIGN_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read standards (NISO/ISO STS XML) from files or folders into the index.
    ///
    /// Folders are read recursively. Unchanged files are skipped; a changed file
    /// replaces its standard. Example: stdalign ingest standards-corpus/
    Ingest(IngestArgs),
    /// Search clauses in any language.
    ///
    /// Examples: stdalign search "泄漏电流" ; stdalign search "dong dien ro" --lang vi ;
    /// stdalign search "กระแสรั่ว" --body TISI
    Search(SearchArgs),
    /// List the standards in the index.
    List(ListArgs),
    /// Show a standard's metadata and clauses, or one clause.
    ///
    /// Examples: stdalign show "GB 4706.1-2005" 13.2 ; stdalign show "tcvn 5699-1" 附录A
    Show(ShowArgs),
    /// Remove a standard and its clauses from the index.
    Remove(RemoveArgs),
    /// Measure parse, ingest and query speed on the corpus replicated to N clauses.
    Bench(BenchArgs),
}

/// `stdalign ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words in any language (Chinese, Thai, Vietnamese, Indonesian, Malay, English).
    pub query: String,
    /// Number of results.
    #[arg(short = 'k', long, default_value_t = 10)]
    pub k: usize,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Only clauses in this language (zh, th, vi, id, ms, en); repeatable.
    #[arg(long)]
    pub lang: Vec<String>,
    /// Only standards of this body or originator (SAC, GB, TISI, TIS, TCVN, BSN, SNI, DSM, MS, BPS, PNS); repeatable.
    #[arg(long)]
    pub body: Vec<String>,
    /// Only this standard (e.g. "GB 4706.1-2005"); repeatable.
    #[arg(long)]
    pub standard: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Standard reference (case and spaces do not matter; the undated form works when unique).
    pub reference: String,
    /// Clause key (7.1, A.2, 附录A); omit for the whole standard.
    pub key: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `stdalign remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Standard reference.
    pub reference: String,
}

/// `stdalign bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Folder with the corpus to replicate.
    #[arg(long, default_value = "standards-corpus")]
    pub corpus: PathBuf,
    /// Clauses to reach by replicating the corpus.
    #[arg(long, default_value_t = 100_000)]
    pub clauses: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// How a run ended, for the exit code.
#[derive(Debug, PartialEq, Eq)]
pub enum Status {
    /// Everything asked for was done.
    Ok,
    /// Nothing could be done (e.g. no file could be ingested).
    Failed,
}

/// Runs one command.
pub fn run(cli: Cli) -> Result<Status> {
    match cli.command {
        Command::Ingest(args) => ingest(&cli.index, args),
        Command::Search(args) => {
            let engine = Engine::open(&cli.index)?;
            let request = SearchRequest {
                query: args.query,
                k: args.k,
                offset: args.offset,
                langs: args.lang,
                bodies: args.body,
                standards: args.standard,
            };
            let results = engine.search(&request)?;
            if args.json {
                render::json(&results);
            } else {
                render::search(&results, args.offset);
            }
            Ok(Status::Ok)
        }
        Command::List(args) => {
            let engine = Engine::open(&cli.index)?;
            let list = engine.list();
            if args.json {
                render::json(&list);
            } else {
                render::list(&list);
            }
            Ok(Status::Ok)
        }
        Command::Show(args) => {
            let engine = Engine::open(&cli.index)?;
            match &args.key {
                Some(key) => {
                    let (info, clause) = engine.clause(&args.reference, key)?;
                    if args.json {
                        render::json(&clause);
                    } else {
                        render::clause(&info, &clause);
                    }
                }
                None => {
                    let standard = engine.standard(&args.reference)?;
                    if args.json {
                        render::json(&render::ShowJson::from(&standard));
                    } else {
                        render::standard(&standard);
                    }
                }
            }
            Ok(Status::Ok)
        }
        Command::Remove(args) => {
            let mut engine = Engine::open(&cli.index)?;
            let removed = engine.remove(&args.reference)?;
            println!(
                "removed {} ({} clauses)",
                removed.reference, removed.clause_count
            );
            Ok(Status::Ok)
        }
        Command::Bench(args) => {
            let report = bench::run(&args.corpus, args.clauses, &mut |msg| eprintln!("{msg}"))?;
            if args.json {
                render::json(&report);
            } else {
                render::bench(&report);
            }
            Ok(Status::Ok)
        }
    }
}

fn ingest(index: &std::path::Path, args: IngestArgs) -> Result<Status> {
    let mut engine = Engine::open(index)?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} files {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let report = engine.ingest(&args.paths, &mut |event| match event {
        Progress::Start(n) => bar.set_length(n as u64),
        Progress::File(f) => {
            bar.inc(1);
            bar.set_message(
                f.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
        Progress::Committing => bar.set_message("writing index"),
    })?;
    bar.finish_and_clear();
    if args.json {
        render::json(&render::IngestJson::from(&report));
    } else {
        render::ingest(&report, engine.dir());
    }
    let any_ok = report.successes().next().is_some();
    let _ = Outcome::Added;
    Ok(if any_ok { Status::Ok } else { Status::Failed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
