//! The data directory's layout and its format marker.
//!
//! ```text
//! DIR/khabar-store.json   {"format": "khabar-store", "version": 3}
//! DIR/records.redb        the record database (the point of truth)
//! DIR/search/             the tantivy index (derived from the records)
//! DIR/story-state.bin     the story state saved apart from a batch, if any
//! ```
//!
//! A store is created in this order: marker (written to a temporary name,
//! synced, renamed), record file, search index. So a directory with the
//! marker is ours; one with other files and no marker is foreign and is
//! never written to.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{Error, FORMAT_VERSION, Result};

/// File name of the format marker.
pub const MARKER_FILE: &str = "khabar-store.json";
/// File name of the record database.
pub const RECORDS_FILE: &str = "records.redb";
/// Directory name of the search index.
pub const SEARCH_DIR: &str = "search";
/// The `format` value of the marker.
pub const FORMAT_NAME: &str = "khabar-store";

const MARKER_TEMP: &str = "khabar-store.json.tmp";

#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    format: String,
    version: u32,
}

/// What [`prepare`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// A marker of our format and a supported version.
    Store,
    /// Nothing (a missing or empty directory), and a marker was written.
    Created,
}

/// Checks `dir`: a store of a version this build reads, or (when `create`)
/// a missing or empty directory, where the marker is then written.
pub(crate) fn prepare(dir: &Path, create: bool) -> Result<Found> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
            fs::create_dir_all(dir).map_err(|source| io(dir, source))?;
            write_marker(dir)?;
            return Ok(Found::Created);
        }
        Err(source) => return Err(io(dir, source)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| io(dir, source))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    if names.iter().any(|n| n == MARKER_FILE) {
        check_marker(dir)?;
        return Ok(Found::Store);
    }
    // A marker write cut short leaves only its temporary file.
    let empty = names.iter().all(|n| n == MARKER_TEMP);
    if !empty {
        let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
        return Err(Error::Foreign {
            dir: dir.to_owned(),
            reason: format!("no {MARKER_FILE}; it holds {}", shown.join(", ")),
        });
    }
    if !create {
        return Err(Error::Foreign {
            dir: dir.to_owned(),
            reason: "the directory is empty".into(),
        });
    }
    write_marker(dir)?;
    Ok(Found::Created)
}

fn check_marker(dir: &Path) -> Result<()> {
    let path = dir.join(MARKER_FILE);
    let bytes = fs::read(&path).map_err(|source| io(&path, source))?;
    let marker: Marker = serde_json::from_slice(&bytes).map_err(|e| Error::Foreign {
        dir: dir.to_owned(),
        reason: format!("{MARKER_FILE} does not parse: {e}"),
    })?;
    if marker.format != FORMAT_NAME {
        return Err(Error::Foreign {
            dir: dir.to_owned(),
            reason: format!("{MARKER_FILE} names format {:?}", marker.format),
        });
    }
    check_version(dir, marker.version)
}

/// A version this build reads, or the error for it.
pub(crate) fn check_version(dir: &Path, found: u32) -> Result<()> {
    if found > FORMAT_VERSION {
        return Err(Error::NewerVersion {
            dir: dir.to_owned(),
            found,
            supported: FORMAT_VERSION,
        });
    }
    if found < FORMAT_VERSION {
        return Err(Error::Corrupted {
            dir: dir.to_owned(),
            reason: format!(
                "format version {found} is older than this build reads ({FORMAT_VERSION}); \
                 ingest the articles again into a new directory"
            ),
        });
    }
    Ok(())
}

fn write_marker(dir: &Path) -> Result<()> {
    let marker = Marker {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
    };
    let temp = dir.join(MARKER_TEMP);
    let path = dir.join(MARKER_FILE);
    let mut json = serde_json::to_vec_pretty(&marker)?;
    json.push(b'\n');
    let mut file = fs::File::create(&temp).map_err(|source| io(&temp, source))?;
    file.write_all(&json).map_err(|source| io(&temp, source))?;
    file.sync_all().map_err(|source| io(&temp, source))?;
    fs::rename(&temp, &path).map_err(|source| io(&path, source))?;
    // Make the rename durable before anything else is created.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: PathBuf::from(path),
        source,
    }
}
