//! The one error type of the store.

use std::path::PathBuf;

/// Errors of the store. Each variant says when it can occur; messages name
/// the data directory or the record involved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The directory holds files that are not a khabar store (no
    /// `khabar-store.json`, or one that names another format). Nothing was
    /// written to it.
    #[error("{dir}: not a khabar store ({reason}); use an empty or new directory")]
    Foreign {
        /// The data directory.
        dir: PathBuf,
        /// What gave it away.
        reason: String,
    },
    /// The store was written by a newer khabar (format version above
    /// [`FORMAT_VERSION`](crate::FORMAT_VERSION)).
    #[error(
        "{dir}: store format version {found} is newer than this build reads ({supported}); upgrade khabar"
    )]
    NewerVersion {
        /// The data directory.
        dir: PathBuf,
        /// The version found.
        found: u32,
        /// The version this build reads and writes.
        supported: u32,
    },
    /// The store's files do not read back: a damaged record file, a
    /// missing part, a record that does not decode.
    #[error("{dir}: store is corrupted: {reason}")]
    Corrupted {
        /// The data directory.
        dir: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// Another process holds the store for writing (or, for a writer, for
    /// reading).
    #[error("{dir}: store is in use by another process")]
    Locked {
        /// The data directory.
        dir: PathBuf,
    },
    /// A batch names an article id twice, or an id already stored. The
    /// whole batch was refused; nothing was written.
    #[error("article {0:?} is already stored (or twice in the batch); batch refused")]
    DuplicateArticle(String),
    /// A batch reassigns an article that is not stored. The whole batch
    /// was refused; nothing was written.
    #[error("article {0:?} is not stored; batch refused")]
    UnknownArticle(String),
    /// A thread panicked while it wrote a batch; the store refuses further
    /// writes (reopen it: the records are intact).
    #[error("{0}: a writer thread panicked; reopen the store")]
    Poisoned(PathBuf),
    /// A batch's LSH documents start at `first`, but the store holds
    /// `stored` documents (or ones made with other settings): the batch
    /// does not continue the stored index and is refused.
    #[error("LSH documents from number {first} do not continue the {stored} stored; batch refused")]
    LshGap {
        /// Documents stored.
        stored: u64,
        /// The batch's first document number.
        first: u64,
    },
    /// The search indexing thread failed or stopped; the records are
    /// unaffected, and the next [`crate::Store::open`] indexes what the
    /// search index lacks.
    #[error("search indexing stopped: {0}; reopen the store")]
    SearchStopped(String),
    /// A write on a store opened with [`Store::open_read_only`](crate::Store::open_read_only).
    #[error("store was opened read-only")]
    ReadOnly,
    /// A file system error outside the record file and the search index.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An error of the record database (redb).
    #[error("record database: {0}")]
    Records(#[from] redb::Error),
    /// An error of the search index (tantivy).
    #[error("search index: {0}")]
    Search(#[from] tantivy::TantivyError),
    /// A value that does not encode or decode.
    #[error("record encoding: {0}")]
    Encoding(#[from] serde_json::Error),
}

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Self {
                Error::Records(e.into())
            }
        }
    )*};
}

from_redb!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::CompactionError
);
