//! The full-text search index (tantivy): schema, writing a batch's
//! documents, and catching up with the record database.
//!
//! Each document has the article `id` (stored, untokenized), its batch
//! number `seq`, and `title` and `body` (the display text) analyzed by
//! [`KhabarAnalyzer`](crate::analyzer::KhabarAnalyzer) and not stored: the
//! texts come from the records when a hit is shown. Every tantivy commit
//! carries the number of the last batch it holds as its payload; the record
//! database commits first, so the index is never ahead of it, and on open
//! the batches it lacks are indexed again from the records. The store
//! commits the index now and then, not every batch: each commit writes a
//! segment, and small segments cost more to write and merge than the
//! indexing itself.

use std::ops::Bound;
use std::path::Path;

use tantivy::query::RangeQuery;
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use tantivy::query::QueryParser;
use tantivy::tokenizer::TokenizerManager;

use crate::analyzer::{ANALYZER_NAME, KhabarAnalyzer, Mode};
use crate::{Error, Result};

/// Heap of the index writer (tantivy's floor is 15 MB per thread).
const WRITER_HEAP_BYTES: usize = 64 * 1024 * 1024;
/// Indexing threads. One: it analyzes and indexes behind the caller's
/// thread (which, in an ingest, cleans, fingerprints and clusters the next
/// batch on the other core), its chunk memo sees every text, and each
/// commit writes one segment, not one per thread.
const WRITER_THREADS: usize = 1;

/// The fields of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub seq: Field,
    pub title: Field,
    pub body: Field,
}

fn schema() -> Schema {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    builder.add_text_field("id", STRING | STORED);
    builder.add_u64_field("seq", INDEXED);
    builder.add_text_field("title", text.clone());
    builder.add_text_field("body", text);
    builder.build()
}

fn fields(schema: &Schema, dir: &Path) -> Result<Fields> {
    let get = |name: &str| {
        schema.get_field(name).map_err(|_| Error::Corrupted {
            dir: dir.to_owned(),
            reason: format!("search index has no field {name:?}"),
        })
    };
    Ok(Fields {
        id: get("id")?,
        seq: get("seq")?,
        title: get("title")?,
        body: get("body")?,
    })
}

/// Weight of a title match against a body match.
const TITLE_BOOST: f32 = 2.0;

/// A query parser over title and body, with the query-mode analyzer: all
/// words must match (in either field), title matches weigh more.
fn query_parser(index: &Index, fields: Fields) -> QueryParser {
    let tokenizers = TokenizerManager::default();
    tokenizers.register(ANALYZER_NAME, KhabarAnalyzer::new(Mode::Query));
    let mut parser = QueryParser::new(index.schema(), vec![fields.title, fields.body], tokenizers);
    parser.set_conjunction_by_default();
    parser.set_field_boost(fields.title, TITLE_BOOST);
    parser
}

/// An open search index.
pub(crate) struct SearchIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// Parses queries with the query-mode analyzer.
    pub parser: QueryParser,
}

impl SearchIndex {
    /// Opens the index in `path`, creating it when `create` and the
    /// directory is missing or empty. `store_dir` names the store in errors.
    pub fn open(path: &Path, store_dir: &Path, create: bool, read_only: bool) -> Result<Self> {
        let corrupted = |e: tantivy::TantivyError| Error::Corrupted {
            dir: store_dir.to_owned(),
            reason: format!(
                "search index: {e} (delete {} to rebuild it from the records)",
                path.display()
            ),
        };
        let empty = match std::fs::read_dir(path) {
            Ok(mut entries) => entries.next().is_none(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(source) => return Err(crate::format::io(path, source)),
        };
        let index = if empty {
            if !create {
                return Err(Error::Corrupted {
                    dir: store_dir.to_owned(),
                    reason: "the search index is missing".into(),
                });
            }
            std::fs::create_dir_all(path).map_err(|source| crate::format::io(path, source))?;
            Index::create_in_dir(path, schema()).map_err(corrupted)?
        } else {
            Index::open_in_dir(path).map_err(corrupted)?
        };
        index
            .tokenizers()
            .register(ANALYZER_NAME, KhabarAnalyzer::new(Mode::Index));
        let fields = fields(&index.schema(), store_dir)?;
        let policy = if read_only {
            ReloadPolicy::OnCommitWithDelay
        } else {
            ReloadPolicy::Manual
        };
        let reader = index
            .reader_builder()
            .reload_policy(policy)
            .try_into()
            .map_err(corrupted)?;
        let parser = query_parser(&index, fields);
        Ok(SearchIndex {
            index,
            reader,
            fields,
            parser,
        })
    }

    /// A writer for this index. Its indexing and merging threads run at a
    /// background priority (see [`crate::lower_thread_priority`]): they
    /// start on a thread lowered for the purpose, whose priority they
    /// inherit.
    pub fn writer(&self) -> Result<IndexWriter> {
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    crate::lower_thread_priority();
                    self.index
                        .writer_with_num_threads(WRITER_THREADS, WRITER_HEAP_BYTES)
                })
                .join()
        })
        .map_err(|_| Error::SearchStopped("starting the index writer panicked".into()))?
        .map_err(Error::from)
    }

    /// The last batch number the committed index holds (0 for none).
    pub fn indexed_batch(&self) -> Result<u64> {
        let metas = self.index.load_metas()?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0))
    }

    /// The document of one article.
    pub fn document(&self, id: &str, seq: u64, title: Option<&str>, body: &str) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.fields.id, id);
        doc.add_u64(self.fields.seq, seq);
        if let Some(title) = title {
            doc.add_text(self.fields.title, title);
        }
        doc.add_text(self.fields.body, body);
        doc
    }

    /// Deletes (in `writer`, until its commit) every document of a batch
    /// after `seq`.
    pub fn delete_after(&self, writer: &IndexWriter, seq: u64) -> Result<()> {
        let query = RangeQuery::new(
            Bound::Excluded(Term::from_field_u64(self.fields.seq, seq)),
            Bound::Unbounded,
        );
        writer.delete_query(Box::new(query))?;
        Ok(())
    }

    /// Commits `writer` with batch number `seq` as the payload and makes the
    /// commit visible to searches.
    pub fn commit(&self, writer: &mut IndexWriter, seq: u64) -> Result<()> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&seq.to_string());
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }
}
