//! Reading news articles from files, directories and stdin.
//!
//! (Overview, example and invariants to be written with the readers.)
#![deny(missing_docs)]

mod article;
mod error;

pub use article::{Article, Origin};
pub use error::{ErrorKind, ErrorReport, RecordError};
