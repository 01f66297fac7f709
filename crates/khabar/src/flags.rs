//! The command line: every subcommand and flag, with the docs that are its
//! `--help`. Parsing only validates; work starts in `cmd`.

use clap::{Args, Parser, Subcommand};

/// khabar (خبر, "news"): a news story engine, Arabic first.
///
/// khabar reads articles from many outlets, cleans them, finds which are the
/// same text, which passages were copied from which, and which report the
/// same event.
#[derive(Debug, Parser)]
#[command(name = "khabar", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The main job: read, clean, deduplicate, align and cluster articles
    /// into stories, and print the stories.
    ///
    /// A story is one real-world event with its follow-up reporting. For
    /// each story khabar prints its headline, sources, time span, a short
    /// summary of what several sources say, the people, organizations and
    /// places named, its articles, the near-duplicates among them and the
    /// passages they reuse from each other.
    Run(RunArgs),

    /// Print each article's display text, as khabar sees it.
    ///
    /// Reads every INPUT, removes boilerplate (menus, share and comment
    /// forms, "read more" lists, copyright lines, foreign-script photo
    /// captions, closing source lines), rejoins lines broken mid-sentence,
    /// repairs words glued together by lost spaces, and prints the result.
    Clean(CleanArgs),

    /// Find near-duplicate articles: the same text, give or take spelling,
    /// punctuation, lost spaces and small edits.
    ///
    /// Articles are cleaned first, then compared by MinHash signatures over
    /// character shingles of their match form, with LSH candidates verified
    /// against the Jaccard threshold. Prints groups of two or more.
    Dedup(DedupArgs),

    /// Show the passages two articles share (reused wire text).
    ///
    /// A and B are two files (the first article of each), or, with `--in`,
    /// two article ids found in the given inputs. Offsets are character
    /// offsets into each article's display text.
    Align(AlignArgs),

    /// Add articles to the archive in the data directory, incrementally.
    ///
    /// Each batch is cleaned, fingerprinted and clustered: new articles join
    /// the stories already stored, or start new ones. An article already
    /// stored (same id, or the same text from the same outlet) is reported
    /// and left alone. Every batch is stored whole or not at all, so an
    /// ingest that is killed can simply be run again.
    Ingest(IngestArgs),

    /// List the stories in the archive, latest first.
    Stories(StoriesArgs),

    /// Show one story of the archive: headline, summary, entities, sources,
    /// time span, articles, near-duplicates and reused passages.
    Story(ItemArgs),

    /// Show one article of the archive: metadata, story and display text.
    Article(ItemArgs),

    /// Search the archive's articles. Arabic spelling variants match
    /// (سورية/سوريا, with or without diacritics or ال).
    Search(SearchArgs),

    /// Serve the archive: a JSON API under /v1 and a web UI, from one
    /// process, while articles keep coming in.
    ///
    /// API: `POST /v1/articles` (one JSON article, an array, or JSONL;
    /// answers each article's story and near-duplicates), `GET
    /// /v1/stories`, `/v1/stories/{id}`, `/v1/articles/{id}`,
    /// `/v1/search?q=`, `/v1/align?a=&b=`, `/health`, and the OpenAPI
    /// document at `/v1/openapi.json`. Pages: `/` (stories), a page per
    /// story and article, `/reuse?a=&b=` (two articles side by side, shared
    /// passages highlighted) and `/search`. Listens on loopback unless told
    /// otherwise; writes need the bearer token when one is given, and a
    /// token is required to listen on any other address.
    Serve(ServeArgs),
}

/// Where the archive is. Shared by every subcommand that uses one.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// The data directory (created by the first `khabar ingest`).
    #[arg(long, value_name = "DIR", default_value = "khabar-data")]
    pub data: std::path::PathBuf,
}

/// `khabar ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub data: DataArgs,

    /// Articles per batch (each batch is one atomic step).
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,

    /// Print JSON on stdout: `{"articles": [{"id", "status", ...}],
    /// "batches": [...], "errors": [...]}`; status is `added` (with `story`,
    /// `new_story`, `duplicates`), `already_stored`, `same_text` (with `of`)
    /// or `rejected` (with `error`).
    #[arg(long)]
    pub json: bool,

    /// At the end, give the record file's free space back (rewrites the
    /// file). Seldom worth it: the space that copy on write frees is
    /// reused, and on a fresh 31k-article ingest compacting gives back
    /// 0.3% of the record file's disk blocks for about 3% more CPU.
    #[arg(long)]
    pub compact: bool,
}

/// `khabar stories`.
#[derive(Debug, Args)]
pub struct StoriesArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// Only stories with an article published on or after this date
    /// (`2015-07-21` or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<chrono::DateTime<chrono::FixedOffset>>,

    /// At most this many stories.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Only stories with at least this many articles.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_articles: usize,

    /// Print the stories document as JSON on stdout: `{"stories": [...]}`.
    #[arg(long)]
    pub json: bool,
}

/// `khabar story` and `khabar article`.
#[derive(Debug, Args)]
pub struct ItemArgs {
    /// The id (a story id is `s1`, `s2`, …).
    #[arg(value_name = "ID")]
    pub id: String,

    #[command(flatten)]
    pub data: DataArgs,

    /// Print JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `khabar search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for: an article must hold them all (in its title or
    /// text); `"..."` for a phrase; `-word` leaves out articles holding
    /// `word`. Quote the whole query (`'اليمن -الحوثي'`) or put it after
    /// `--` when it holds a `-word`, or it is read as an option.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,

    #[command(flatten)]
    pub data: DataArgs,

    /// At most this many articles.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,

    /// Print JSON on stdout: `{"hits": [{"id", "story_id", "title",
    /// "score", "snippet_html"}]}`.
    #[arg(long)]
    pub json: bool,
}

/// `khabar serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// The address to listen on. Anything but loopback needs a token.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,

    /// A file holding the bearer token that writes (`POST /v1/articles`)
    /// must carry; the environment variable KHABAR_TOKEN works too. Without
    /// one, any local client may write.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<std::path::PathBuf>,

    /// The largest request body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 32 * 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Refuse articles larger than this many bytes (reported per article).
    #[arg(long, value_name = "BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_article_bytes: u64,

    /// Answer 503 to a request not done after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,

    /// Requests handled at once; more wait their turn.
    #[arg(long, value_name = "N", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_concurrent: u64,
}

/// What to read. Shared by every subcommand that reads articles.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories to read (directories recursively), or `-` for
    /// JSONL on stdin.
    ///
    /// `.txt` (one article; id = file stem; a short first line followed by
    /// body text is the title), `.jsonl`/`.ndjson` (one article per line),
    /// `.json` (an array), `.html`/`.htm` (a page; main text extracted),
    /// `.xml`/`.rss`/`.atom` (a feed; one article per item), any of them
    /// `.gz`-compressed. A JSON article needs `text` (or `body`, `content`)
    /// and may have `id`, `title`, `url`, `source`, `published`, `lang`.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Refuse articles larger than this many bytes (reported as an error).
    #[arg(long, value_name = "BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_article_bytes: u64,
}

/// `khabar clean`.
#[derive(Debug, Args)]
pub struct CleanArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Print JSON on stdout: `{"articles": [...], "errors": [...]}`.
    ///
    /// Each article has its id, title, source, url, published, lang, credit,
    /// display `text`, the `removed` lines with the rule that removed each,
    /// and the glued-word `repairs`.
    #[arg(long)]
    pub json: bool,

    /// Also show every removed line and the rule that removed it, and every
    /// glued-word repair, so a wrong removal can be seen and fixed.
    #[arg(long)]
    pub explain: bool,
}

/// `khabar run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Print the stories document as JSON on stdout:
    /// `{"stories": [...], "errors": [...]}`.
    #[arg(long)]
    pub json: bool,

    /// Also write a self-contained HTML report to FILE (no external assets;
    /// right-to-left for Arabic), with a section per story and a
    /// side-by-side view of reused passages.
    #[arg(long, value_name = "FILE")]
    pub html: Option<std::path::PathBuf>,
}

/// `khabar dedup`.
#[derive(Debug, Args)]
pub struct DedupArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Jaccard similarity (0 to 1) of character shingles above which two
    /// articles are near-duplicates.
    #[arg(long, value_name = "J", default_value_t = 0.65, value_parser = parse_unit, allow_negative_numbers = true)]
    pub threshold: f64,

    /// Print JSON on stdout: `{"groups": [[id, ...], ...], "errors": [...]}`.
    #[arg(long)]
    pub json: bool,
}

/// `khabar align`.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The first article: a file, or an id with `--in`.
    #[arg(value_name = "A")]
    pub a: String,

    /// The second article: a file, or an id with `--in`.
    #[arg(value_name = "B")]
    pub b: String,

    /// Look A and B up as article ids in these inputs (files or directories).
    #[arg(long = "in", value_name = "INPUT", num_args = 1..)]
    pub inputs: Vec<String>,

    /// Refuse articles larger than this many bytes (reported as an error).
    #[arg(long, value_name = "BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_article_bytes: u64,

    /// Print JSON on stdout: `{"a": id, "b": id, "origin": id|null,
    /// "passages": [{"a_start", "a_end", "b_start", "b_end", "text", "score"}]}`.
    #[arg(long)]
    pub json: bool,
}

/// A date (`2015-07-21`, taken as its start in UTC) or an RFC 3339 time.
fn parse_since(s: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t);
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().fixed_offset())
        .ok_or_else(|| format!("{s:?} is not a date (2015-07-21) or an RFC 3339 time"))
}

/// A number in `0..=1`.
fn parse_unit(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        Ok(v) => Err(format!("{v} is not between 0 and 1")),
        Err(e) => Err(format!("not a number: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn clean_parses_inputs_and_flags() {
        let cli = Cli::try_parse_from(["khabar", "clean", "a.txt", "dir", "--json", "--explain"])
            .expect("valid command line");
        let Command::Clean(args) = cli.command else {
            panic!("clean parses as Clean");
        };
        assert_eq!(args.input.inputs, ["a.txt", "dir"]);
        assert!(args.json && args.explain);
    }

    #[test]
    fn clean_needs_an_input() {
        let err = Cli::try_parse_from(["khabar", "clean"]).expect_err("INPUT is required");
        assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
    }

    #[test]
    fn threshold_parses_between_0_and_1() {
        let cli = Cli::try_parse_from(["khabar", "dedup", "x.jsonl", "--threshold", "0.8"])
            .expect("valid");
        let Command::Dedup(args) = cli.command else {
            panic!("dedup parses as Dedup");
        };
        assert_eq!(args.threshold, 0.8);
        for bad in ["1.5", "-0.1", "high"] {
            let err = Cli::try_parse_from(["khabar", "dedup", "x", "--threshold", bad])
                .expect_err("out of range");
            assert_eq!(err.kind(), clap::error::ErrorKind::ValueValidation);
        }
    }

    #[test]
    fn align_takes_two_articles_and_optional_inputs() {
        let cli =
            Cli::try_parse_from(["khabar", "align", "a13", "a14", "--in", "examples/articles"])
                .expect("valid");
        let Command::Align(args) = cli.command else {
            panic!("align parses as Align");
        };
        assert_eq!((args.a.as_str(), args.b.as_str()), ("a13", "a14"));
        assert_eq!(args.inputs, ["examples/articles"]);
        assert!(Cli::try_parse_from(["khabar", "align", "only-one"]).is_err());
    }

    #[test]
    fn store_commands_default_to_khabar_data() {
        let cli =
            Cli::try_parse_from(["khabar", "stories", "--since", "2015-07-21"]).expect("valid");
        let Command::Stories(args) = cli.command else {
            panic!("stories parses as Stories");
        };
        assert_eq!(args.data.data, std::path::Path::new("khabar-data"));
        assert_eq!(
            args.since.map(|t| t.to_rfc3339()),
            Some("2015-07-21T00:00:00+00:00".to_string())
        );
        let err = Cli::try_parse_from(["khabar", "stories", "--since", "yesterday"])
            .expect_err("not a date");
        assert_eq!(err.kind(), clap::error::ErrorKind::ValueValidation);
        let cli = Cli::try_parse_from(["khabar", "search", "وزير", "الخارجية", "--data", "d"])
            .expect("valid");
        let Command::Search(args) = cli.command else {
            panic!("search parses as Search");
        };
        assert_eq!(args.query, ["وزير", "الخارجية"]);
        let cli = Cli::try_parse_from(["khabar", "search", "--json", "--", "وزير", "-الخارجية"])
            .expect("an excluded word after --");
        let Command::Search(args) = cli.command else {
            panic!("search parses as Search");
        };
        assert!(args.json);
        assert_eq!(args.query, ["وزير", "-الخارجية"]);
        assert!(Cli::try_parse_from(["khabar", "ingest", "x", "--batch", "0"]).is_err());
    }

    #[test]
    fn serve_listens_on_loopback_by_default() {
        let cli = Cli::try_parse_from(["khabar", "serve"]).expect("valid");
        let Command::Serve(args) = cli.command else {
            panic!("serve parses as Serve");
        };
        assert!(args.addr.ip().is_loopback());
        assert_eq!(args.addr.port(), 8080);
        assert_eq!(args.data.data, std::path::Path::new("khabar-data"));
        let cli = Cli::try_parse_from([
            "khabar",
            "serve",
            "--addr",
            "0.0.0.0:9000",
            "--token-file",
            "/run/secrets/khabar",
        ])
        .expect("valid");
        let Command::Serve(args) = cli.command else {
            panic!("serve parses as Serve");
        };
        assert_eq!(args.addr.port(), 9000);
        assert!(args.token_file.is_some());
        let err = Cli::try_parse_from(["khabar", "serve", "--addr", "localhost"])
            .expect_err("not an address");
        assert_eq!(err.kind(), clap::error::ErrorKind::ValueValidation);
    }
}
