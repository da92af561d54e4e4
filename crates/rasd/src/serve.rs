//! `rasd serve`: the HTTP API over a database and the review page.

use std::net::SocketAddr;
use std::path::Path;

use anyhow::{bail, Context};
use rasd_server::{router, Config, Stores};

use crate::{EXIT_FAILURE, EXIT_OK};

/// Serve the JSON API over a database filled by `rasd ingest`, and the review page at `/`.
///
/// Listens on 127.0.0.1:8080 unless --addr says otherwise. Reviews (POST
/// /api/events/{id}/review) need the bearer token given by --token or the RASD_TOKEN
/// environment variable; without one the server is read-only. Ctrl-C stops it after the
/// requests under way are answered.
///
/// Exit status: 0 after Ctrl-C, 1 when the database cannot be opened or the address cannot be
/// bound.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Database written by `rasd ingest`: a SQLite file or a postgres:// address
    #[arg(long, value_name = "PATH|URL", default_value = "rasd.db")]
    db: String,
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Bearer token for reviews [default: $RASD_TOKEN; none: read-only]
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// Database connections for reads [default: two per core, 2 to 16]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    readers: Option<u16>,
    /// Answers kept until the database changes (0: no cache)
    #[arg(long, value_name = "N", default_value_t = 4096)]
    cache: usize,
}

/// Runs `rasd serve` and gives the exit status.
pub fn run(args: ServeArgs) -> u8 {
    match serve(args) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("rasd serve: {e:#}");
            EXIT_FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let token = match args.token {
        Some(t) if t.trim().is_empty() => bail!("--token must not be empty"),
        Some(t) => Some(t),
        // An empty RASD_TOKEN counts as unset: read-only, never "any token works".
        None => std::env::var("RASD_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty()),
    };
    // Serving a database that does not exist yet would create an empty one: say so instead.
    let postgres = args.db.starts_with("postgres://") || args.db.starts_with("postgresql://");
    if !postgres && !Path::new(&args.db).is_file() {
        bail!(
            "no database at {} (fill one with `rasd ingest --db {} FILES`)",
            args.db,
            args.db
        );
    }
    let readers = args
        .readers
        .map_or_else(rasd_server::default_readers, usize::from);
    let stores = Stores::open(&args.db, readers)
        .with_context(|| format!("cannot open the database {}", args.db))?;
    let read_only = token.is_none();
    let config = Config {
        token,
        cache_entries: args.cache,
        ..Config::default()
    };
    let app = router(stores, config);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let bound = listener.local_addr().context("cannot read the bound address")?;
        if !bound.ip().is_loopback() {
            eprintln!(
                "rasd serve: listening on {bound}, which other machines can reach: anyone there can read the events"
            );
        }
        // The first line on stdout is for scripts that start the server on port 0.
        println!("listening on http://{bound}");
        eprintln!(
            "rasd serve: {} ({}); Ctrl-C stops",
            args.db,
            if read_only {
                "read-only: no review token"
            } else {
                "reviews need the bearer token"
            }
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await
            .context("server failed")
    })
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM (how scripts and service managers stop it).
async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
