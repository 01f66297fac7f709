//! The story state's own file: `DIR/story-state.bin`.
//!
//! The clusterer state is tens of megabytes. Written as a record of the
//! database it took redb's single write lock for as long as the write
//! lasted (90 ms and more), and every batch waited behind it. Here it is
//! written beside the database, with no lock a batch takes: to a temporary
//! name, synced, renamed over the file, and the directory synced, so a
//! process killed at any point leaves the previous file or the new one,
//! whole.
//!
//! ```text
//! magic "khabar-story-state\n" | version u32 | length u64 | checksum u64 | bytes
//! ```
//!
//! (integers little-endian; `version` is the [`StoryState`]'s, the
//! writer's format of `bytes`; the checksum is xxh3-64 of the bytes seeded
//! with the version). A file that is cut short, has a wrong
//! length or checksum, or lacks the magic is *unusable*, and read as
//! missing: the state it held is an optimization (its writer can rebuild
//! it from the records), so the store falls back to the state record of
//! the database, then to none.
//!
//! Does not: know what the bytes mean or which batch they reflect.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::format::io;
use crate::{Result, StoryState};

/// File name of the story state.
pub const STATE_FILE: &str = "story-state.bin";

/// Where the next state is written before it is renamed over the file.
const STATE_TEMP: &str = "story-state.bin.tmp";

const MAGIC: &[u8] = b"khabar-story-state\n";

/// Bytes before the state's own: magic, version, length, checksum.
const HEADER: usize = MAGIC.len() + 4 + 8 + 8;

/// Writes `state` as the directory's story state file, atomically and
/// durably (see the module doc). Callers serialize writes.
pub(crate) fn write(dir: &Path, state: &StoryState) -> Result<()> {
    let temp = dir.join(STATE_TEMP);
    let path = dir.join(STATE_FILE);
    let mut header = Vec::with_capacity(HEADER);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&state.version.to_le_bytes());
    header.extend_from_slice(&(state.bytes.len() as u64).to_le_bytes());
    header.extend_from_slice(&checksum(state.version, &state.bytes).to_le_bytes());
    let mut file = fs::File::create(&temp).map_err(|source| io(&temp, source))?;
    file.write_all(&header)
        .and_then(|()| file.write_all(&state.bytes))
        .and_then(|()| file.sync_all())
        .map_err(|source| io(&temp, source))?;
    drop(file);
    fs::rename(&temp, &path).map_err(|source| io(&path, source))?;
    // The rename is durable once the directory is.
    let d = fs::File::open(dir).map_err(|source| io(dir, source))?;
    d.sync_all().map_err(|source| io(dir, source))?;
    Ok(())
}

/// The directory's story state file, when there is a usable one.
pub(crate) fn read(dir: &Path) -> Result<Option<StoryState>> {
    let path = dir.join(STATE_FILE);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(io(&path, source)),
    };
    Ok(parse(bytes))
}

/// Removes the state file, if any (a newer state was stored elsewhere).
pub(crate) fn remove(dir: &Path) -> Result<()> {
    let path = dir.join(STATE_FILE);
    match fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(&path, e)),
        _ => Ok(()),
    }
}

fn checksum(version: u32, bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(bytes, u64::from(version))
}

/// The state a file's bytes hold; `None` when they are unusable.
fn parse(mut bytes: Vec<u8>) -> Option<StoryState> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (version, rest) = rest.split_first_chunk::<4>()?;
    let (len, rest) = rest.split_first_chunk::<8>()?;
    let (sum, rest) = rest.split_first_chunk::<8>()?;
    let version = u32::from_le_bytes(*version);
    if u64::try_from(rest.len()).ok()? != u64::from_le_bytes(*len)
        || checksum(version, rest) != u64::from_le_bytes(*sum)
    {
        return None;
    }
    bytes.drain(..HEADER);
    Some(StoryState { version, bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> StoryState {
        StoryState {
            version: 7,
            bytes: "حالة التجميع: قصة الزلزال وقصة سعر الصرف"
                .repeat(50)
                .into_bytes(),
        }
    }

    #[test]
    fn a_written_state_reads_back_and_replaces_the_last() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        write(dir.path(), &state()).unwrap();
        assert_eq!(read(dir.path()).unwrap(), Some(state()));
        let newer = StoryState {
            version: 8,
            bytes: b"the central bank raised its rate".to_vec(),
        };
        write(dir.path(), &newer).unwrap();
        assert_eq!(read(dir.path()).unwrap(), Some(newer));
        assert!(!dir.path().join(STATE_TEMP).exists());
        remove(dir.path()).unwrap();
        remove(dir.path()).unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
    }

    #[test]
    fn a_damaged_file_is_read_as_missing() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &state()).unwrap();
        let path = dir.path().join(STATE_FILE);
        let good = fs::read(&path).unwrap();
        // Cut short anywhere, one byte flipped anywhere, or not ours.
        for cut in [0, 5, HEADER - 1, HEADER, good.len() - 1] {
            assert_eq!(parse(good[..cut].to_vec()), None, "cut at {cut}");
        }
        for at in [
            0,
            MAGIC.len() + 1,
            MAGIC.len() + 5,
            HEADER - 2,
            HEADER + 3,
            good.len() - 1,
        ] {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            assert_eq!(parse(bad), None, "flipped at {at}");
        }
        let mut longer = good.clone();
        longer.push(b'x');
        assert_eq!(parse(longer), None);
        // A temporary file left by a kill changes nothing.
        fs::write(dir.path().join(STATE_TEMP), &good[..10]).unwrap();
        assert_eq!(read(dir.path()).unwrap(), Some(state()));
    }
}
