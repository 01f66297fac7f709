//! Load benchmark of `khabar serve` on loopback (a benchmark, never a test).
//!
//! ```sh
//! python3 bench/saudinewsnet_jsonl.py --all ../shared/data/saudinewsnet/dataset > /tmp/snn.jsonl
//! cargo run --release -p khabar-server --example load -- /tmp/snn.jsonl --seconds 60
//! ```
//!
//! Loads the first `--preload` articles (default 5,000) into a fresh archive,
//! times single-article commits, then starts the server in this process and
//! runs three open-loop phases of `--seconds` each: `POST /v1/articles` with
//! one article per request at `--post-rate` (default 200/s), `GET
//! /v1/stories/{id}` at `--get-rate` (default 1,000/s) over random stories,
//! and both at once. Latency runs from the time a request was due (so a
//! stalled server is not hidden by a stalled client), over keep-alive
//! connections (256 for POST, so that requests can queue at the server's
//! writer as separate clients' would; 64 for GET). Prints p50/p90/p99/max, errors, and the process's RSS every
//! 10 s (client included: it is small and flat).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use khabar_archive::Archive;
use khabar_server::{Config, Server};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The allocator `khabar serve` runs with (see the `khabar` binary), so
/// that latency and memory are those of the shipped server.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Options {
    articles: String,
    seconds: u64,
    preload: usize,
    post_rate: u64,
    get_rate: u64,
    only: Option<String>,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        articles: String::new(),
        seconds: 60,
        preload: 5_000,
        post_rate: 200,
        get_rate: 1_000,
        only: None,
    };
    while let Some(a) = args.next() {
        let mut num = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} needs a number"))
        };
        match a.as_str() {
            "--seconds" => o.seconds = num("--seconds")?,
            "--preload" => o.preload = num("--preload")? as usize,
            "--post-rate" => o.post_rate = num("--post-rate")?,
            "--get-rate" => o.get_rate = num("--get-rate")?,
            "--only" => o.only = args.next(),
            _ if o.articles.is_empty() && !a.starts_with("--") => o.articles = a,
            _ => return Err(format!("unknown argument {a:?}")),
        }
    }
    if o.articles.is_empty() {
        return Err(
            "usage: load ARTICLES.jsonl [--seconds N] [--preload N] [--post-rate N] [--get-rate N]"
                .into(),
        );
    }
    Ok(o)
}

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// CPU time of this process so far (user and system), in seconds, from
/// /proc/self/stat (clock ticks of 10 ms: sum it over many operations).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may hold spaces).
            let rest = s.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(0.0)
}

/// Latencies in microseconds, and failures.
#[derive(Default)]
struct Tally {
    micros: Vec<u64>,
    errors: u64,
    statuses: std::collections::BTreeMap<u16, u64>,
}

impl Tally {
    fn report(&self, name: &str, seconds: u64) {
        let mut v = self.micros.clone();
        v.sort_unstable();
        let at = |q: f64| {
            v.get(((v.len() as f64 * q) as usize).min(v.len().saturating_sub(1)))
                .map(|&m| m as f64 / 1000.0)
                .unwrap_or(f64::NAN)
        };
        println!(
            "{name}: {} requests in {seconds} s ({:.0}/s); p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, \
             max {:.2} ms; statuses {:?}; connection errors {}",
            v.len(),
            v.len() as f64 / seconds as f64,
            at(0.50),
            at(0.90),
            at(0.99),
            v.last().map(|&m| m as f64 / 1000.0).unwrap_or(f64::NAN),
            self.statuses,
            self.errors
        );
    }
}

/// One keep-alive connection.
struct Conn {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
}

impl Conn {
    async fn send(&mut self, request: &[u8]) -> std::io::Result<u16> {
        if self.stream.is_none() {
            let s = TcpStream::connect(self.addr).await?;
            s.set_nodelay(true)?;
            self.stream = Some(BufReader::new(s));
        }
        let result = Self::exchange(self.stream.as_mut().expect("connected"), request).await;
        if result.is_err() {
            self.stream = None;
        }
        result
    }

    async fn exchange(s: &mut BufReader<TcpStream>, request: &[u8]) -> std::io::Result<u16> {
        s.get_mut().write_all(request).await?;
        let mut line = String::new();
        s.read_line(&mut line).await?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = 0usize;
        loop {
            line.clear();
            if s.read_line(&mut line).await? == 0 {
                return Err(std::io::Error::other("closed"));
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0u8; length];
        s.read_exact(&mut body).await?;
        Ok(status)
    }
}

/// Sends `requests()` at `rate` per second for `seconds`, open loop, over
/// `connections` keep-alive connections.
async fn drive(
    addr: SocketAddr,
    rate: u64,
    seconds: u64,
    connections: usize,
    mut requests: impl FnMut() -> Vec<u8> + Send + 'static,
) -> Tally {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let mut workers = Vec::new();
    for _ in 0..connections {
        let rx = Arc::clone(&rx);
        let tally = Arc::clone(&tally);
        workers.push(tokio::spawn(async move {
            let mut conn = Conn { addr, stream: None };
            loop {
                let job = rx.lock().await.recv().await;
                let Some((due, request)) = job else { break };
                let result = conn.send(&request).await;
                let micros = due.elapsed().as_micros() as u64;
                let mut t = tally.lock().expect("tally");
                match result {
                    Ok(status) => {
                        t.micros.push(micros);
                        *t.statuses.entry(status).or_default() += 1;
                    }
                    Err(_) => t.errors += 1,
                }
            }
        }));
    }
    let start = Instant::now();
    let total = rate * seconds;
    let period = Duration::from_secs_f64(1.0 / rate as f64);
    for i in 0..total {
        let due = start + period.mul_f64(i as f64);
        tokio::time::sleep_until(due.into()).await;
        if tx.send((due, requests())).is_err() {
            break;
        }
    }
    drop(tx);
    for w in workers {
        let _ = w.await;
    }
    Arc::try_unwrap(tally)
        .ok()
        .and_then(|m| m.into_inner().ok())
        .unwrap_or_default()
}

fn post_request(addr: SocketAddr, body: &str) -> Vec<u8> {
    format!(
        "POST /v1/articles HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn get_request(addr: SocketAddr, path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes()
}

/// A small xorshift generator: the story to ask for next.
struct Pick(u64);

impl Pick {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let o = options()?;
    let text = std::fs::read_to_string(&o.articles)?;
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    drop(text);
    let preload = o.preload.min(lines.len());
    let dir = tempfile::tempdir()?;
    let archive = Archive::open(dir.path())?;
    let t = Instant::now();
    for chunk in lines[..preload].chunks(1000) {
        let articles: Vec<_> = khabar_ingest::read_bytes(
            "preload.jsonl",
            chunk.join("\n").as_bytes(),
            &khabar_ingest::ReadOptions::default(),
        )
        .into_iter()
        .filter_map(Result::ok)
        .collect();
        archive.ingest(articles)?;
    }
    // The documents of the last batch's stories, as a finished ingest
    // leaves them.
    archive.refresh()?;
    // The search index is built on its own thread: let it finish, so the
    // phases below measure a steady server, not the tail of the preload.
    archive.store().flush_search()?;
    println!(
        "preloaded {preload} articles in {:.1} s; RSS {:.0} MiB",
        t.elapsed().as_secs_f64(),
        rss_mib()
    );

    // What one commit costs: single-article batches, straight to the
    // archive, as the server makes them (story documents deferred, built
    // after the probe).
    archive.defer_documents(true);
    let cpu_before = cpu_seconds();
    let mut commit = Vec::new();
    let rest = &lines[preload..];
    let probe = rest.len().min(50);
    for line in &rest[..probe] {
        let articles: Vec<_> = khabar_ingest::read_bytes(
            "one.jsonl",
            line.as_bytes(),
            &khabar_ingest::ReadOptions::default(),
        )
        .into_iter()
        .filter_map(Result::ok)
        .collect();
        let t = Instant::now();
        archive.ingest(articles)?;
        commit.push(t.elapsed().as_micros() as u64);
    }
    let cpu_commits = cpu_seconds() - cpu_before;
    let t = Instant::now();
    let built = archive.refresh()?;
    let refresh = t.elapsed();
    let cpu_refresh = cpu_seconds() - cpu_before - cpu_commits;
    commit.sort_unstable();
    if let (Some(p50), Some(max)) = (commit.get(commit.len() / 2), commit.last()) {
        let p90 = commit.get(commit.len() * 9 / 10).unwrap_or(max);
        println!(
            "one-article commit (no HTTP): p50 {:.2} ms, p90 {:.2} ms, max {:.2} ms over {probe}; \
             CPU {:.2} ms per commit; then {built} story documents built in {:.1} ms (CPU {:.1} ms)",
            *p50 as f64 / 1000.0,
            *p90 as f64 / 1000.0,
            *max as f64 / 1000.0,
            cpu_commits * 1000.0 / probe.max(1) as f64,
            refresh.as_secs_f64() * 1000.0,
            cpu_refresh * 1000.0,
        );
    }
    let mut posts: Vec<String> = rest[probe..].to_vec();
    let stories: Vec<String> = archive
        .stories(None)?
        .into_iter()
        .map(|s| s.story.id)
        .collect();
    println!("{} stories to read", stories.len());

    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let config = Config::new(SocketAddr::from(([127, 0, 0, 1], 0)));
    let server = server_rt.block_on(Server::bind(archive, &config))?;
    let addr = server.local_addr()?;
    server_rt.spawn(server.run(std::future::pending()));

    let client = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let seconds = o.seconds;
    let rss_log = Arc::new(Mutex::new(Vec::<String>::new()));
    let sampler = {
        let log = Arc::clone(&rss_log);
        client.spawn(async move {
            let start = Instant::now();
            loop {
                log.lock().expect("log").push(format!(
                    "{:>4.0}s {:.0}",
                    start.elapsed().as_secs_f64(),
                    rss_mib()
                ));
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        })
    };
    // Bodies to post; past the end, the same texts again under new ids
    // (then the store reports them as the same text: a cheaper no-op).
    let mut round = 0usize;
    let next_post = {
        let mut i = 0usize;
        move || {
            if i >= posts.len() {
                round += 1;
                i = 0;
                for p in posts.iter_mut() {
                    *p = p.replacen("{\"id\": \"", &format!("{{\"id\": \"r{round}-"), 1);
                }
            }
            let body = posts.get(i).cloned().unwrap_or_default();
            i += 1;
            post_request(addr, &body)
        }
    };
    let get_stories = stories.clone();
    let mut pick = Pick(0x9E37_79B9_7F4A_7C15);
    let next_get = move || {
        let id = get_stories
            .get(pick.next(get_stories.len()))
            .cloned()
            .unwrap_or_else(|| "s1".into());
        get_request(addr, &format!("/v1/stories/{id}"))
    };

    let run = |phase: &str| o.only.as_deref().is_none_or(|p| p == phase);
    if run("post") {
        println!("phase 1: POST, one article per request, {}/s", o.post_rate);
        let tally = client.block_on(drive(addr, o.post_rate, seconds, 256, next_post));
        tally.report("POST /v1/articles", seconds);
    }
    if run("get") {
        println!("phase 2: GET /v1/stories/{{id}}, {}/s", o.get_rate);
        let tally = client.block_on(drive(addr, o.get_rate, seconds, 64, next_get));
        tally.report("GET /v1/stories/{id}", seconds);
    }
    if !run("mixed") {
        sampler.abort();
        println!(
            "RSS (MiB) every 10 s: {}",
            rss_log.lock().map(|l| l.join(", ")).unwrap_or_default()
        );
        return Ok(());
    }

    println!("phase 3: both at once");
    let more: Vec<String> = lines
        .iter()
        .rev()
        .take((o.post_rate * seconds) as usize)
        .cloned()
        .collect();
    let mut k = 0usize;
    let post_mixed = move || {
        let body = more
            .get(k % more.len().max(1))
            .map(|b| b.replacen("{\"id\": \"", &format!("{{\"id\": \"mix{k}-"), 1))
            .unwrap_or_default();
        k += 1;
        post_request(addr, &body)
    };
    let mut pick = Pick(0x2545_F491_4F6C_DD1D);
    let get_mixed = move || {
        let id = stories
            .get(pick.next(stories.len()))
            .cloned()
            .unwrap_or_else(|| "s1".into());
        get_request(addr, &format!("/v1/stories/{id}"))
    };
    let (mixed_posts, mixed_gets) = client.block_on(async {
        tokio::join!(
            drive(addr, o.post_rate, seconds, 256, post_mixed),
            drive(addr, o.get_rate, seconds, 64, get_mixed)
        )
    });
    mixed_posts.report("mixed POST /v1/articles", seconds);
    mixed_gets.report("mixed GET /v1/stories/{id}", seconds);
    sampler.abort();
    println!(
        "RSS (MiB) every 10 s: {}",
        rss_log.lock().map(|l| l.join(", ")).unwrap_or_default()
    );
    Ok(())
}
