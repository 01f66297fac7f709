//! What can go wrong with an archive.

use std::path::PathBuf;

/// An archive error. Bad articles are not errors: they are reported in the
/// [`crate::IngestReport`] and the rest of the batch goes on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store refused or failed (foreign, corrupted, newer or locked
    /// directory, I/O).
    #[error(transparent)]
    Store(#[from] khabar_store::Error),

    /// The story state was written by another build.
    #[error(
        "{dir}: the story state has version {found}; this build reads version {expected} \
         (ingest the articles into a new data directory)"
    )]
    StoryStateVersion {
        /// The data directory.
        dir: PathBuf,
        /// The version found.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },

    /// A stored record could not be read back.
    #[error("{dir}: damaged {what}: {reason}")]
    Damaged {
        /// The data directory.
        dir: PathBuf,
        /// Which record.
        what: String,
        /// Why it could not be read.
        reason: String,
    },

    /// The archive was opened for reading only.
    #[error("the archive was opened read-only")]
    ReadOnly,
}

/// A `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
