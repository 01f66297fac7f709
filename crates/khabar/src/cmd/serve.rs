//! `khabar serve`: reads the flags and the token, opens the archive for
//! writing, and runs `khabar-server` until Ctrl-C or SIGTERM.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use khabar_archive::Archive;
use khabar_server::{Config, Server};

use crate::flags::ServeArgs;

/// Runs `khabar serve`.
pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let mut config = Config::new(args.addr);
    config.token = token(args)?;
    config.max_body_bytes = args.max_body_bytes;
    config.max_article_bytes = args.max_article_bytes;
    config.request_timeout = Duration::from_secs(args.timeout);
    config.max_concurrent = usize::try_from(args.max_concurrent).unwrap_or(usize::MAX);
    // Refuse an exposed address before touching the data directory.
    config.check()?;
    let archive = Archive::open(&args.data.data)
        .with_context(|| format!("opening {}", args.data.data.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let server = Server::bind(archive, &config).await?;
        let addr = server.local_addr()?;
        eprintln!(
            "khabar: serving {} on http://{addr}/ (API under /v1; writes {}); Ctrl-C stops",
            args.data.data.display(),
            if config.token.is_some() {
                "need the bearer token"
            } else {
                "open to local clients"
            }
        );
        server.run(shutdown()).await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The write token: `--token-file` first, then `KHABAR_TOKEN`; surrounding
/// white space (a final newline) is not part of it.
fn token(args: &ServeArgs) -> anyhow::Result<Option<String>> {
    if let Some(path) = &args.token_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the token file {}", path.display()))?;
        return Ok(Some(text.trim().to_string()));
    }
    Ok(std::env::var("KHABAR_TOKEN")
        .ok()
        .map(|t| t.trim().to_string()))
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    eprintln!("khabar: stopping (finishing the requests in flight)");
}
