//! Publication dates in the forms news data uses.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// Parses a publication date: RFC 3339 (`2024-06-01T09:30:00+03:00`),
/// RFC 2822 (`Sat, 01 Jun 2024 09:30:00 +0300`), `YYYY-MM-DD hh:mm:ss`
/// (also with `T`, with or without fractional seconds) and `YYYY-MM-DD`.
/// A date without a zone is taken as UTC, a date without a time as
/// midnight. Surrounding white space is ignored.
pub(crate) fn parse_date(value: &str) -> Option<DateTime<FixedOffset>> {
    let value = value.trim();
    if let Some(t) = plain_date_time(value) {
        return Some(t.and_utc().fixed_offset());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(value) {
        return Some(t);
    }
    for pattern in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(value, pattern) {
            return Some(t.and_utc().fixed_offset());
        }
    }
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
}

/// `YYYY-MM-DD hh:mm:ss` or `YYYY-MM-DDThh:mm:ss` exactly (the form most
/// JSON news data uses), read without a format parser; `None` for anything
/// else, including an impossible date or time, which the general path then
/// reads (or refuses) as before.
fn plain_date_time(value: &str) -> Option<NaiveDateTime> {
    let b = value.as_bytes();
    if b.len() != 19
        || b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b' '))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?.and_hms_opt(
        number(11, 13)?,
        number(14, 16)?,
        number(17, 19)?,
    )
}

/// A feed's UTC time in the article's type.
pub(crate) fn from_utc(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.fixed_offset()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The general path alone, as it was before the plain form's shortcut.
    fn by_formats(value: &str) -> Option<DateTime<FixedOffset>> {
        ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
            .iter()
            .find_map(|p| NaiveDateTime::parse_from_str(value, p).ok())
            .map(|t| t.and_utc().fixed_offset())
    }

    proptest! {
        #[test]
        fn plain_form_reads_as_the_formats_do(
            y in 0u32..10000, m in 0u32..14, d in 0u32..33,
            h in 0u32..26, mi in 0u32..62, s in 0u32..62, t in any::<bool>(),
        ) {
            let value = format!("{y:04}-{m:02}-{d:02}{}{h:02}:{mi:02}:{s:02}", if t { 'T' } else { ' ' });
            prop_assert_eq!(parse_date(&value), by_formats(&value), "{}", value);
            prop_assert_eq!(plain_date_time(&value).map(|t| t.and_utc().fixed_offset()).or_else(|| by_formats(&value)), by_formats(&value));
        }
    }

    fn iso(value: &str) -> Option<String> {
        parse_date(value).map(|t| t.to_rfc3339())
    }

    #[test]
    fn accepted_forms() {
        assert_eq!(
            iso("2024-06-01T09:30:00+03:00").as_deref(),
            Some("2024-06-01T09:30:00+03:00")
        );
        assert_eq!(
            iso("2024-06-01T06:30:00Z").as_deref(),
            Some("2024-06-01T06:30:00+00:00")
        );
        assert_eq!(
            iso("Sat, 01 Jun 2024 09:30:00 +0300").as_deref(),
            Some("2024-06-01T09:30:00+03:00")
        );
        assert_eq!(
            iso("2024-06-01 09:30:00").as_deref(),
            Some("2024-06-01T09:30:00+00:00")
        );
        assert_eq!(
            iso("2024-06-01T09:30:00.250").as_deref(),
            Some("2024-06-01T09:30:00.250+00:00")
        );
        assert_eq!(
            iso(" 2024-06-01 ").as_deref(),
            Some("2024-06-01T00:00:00+00:00")
        );
    }

    #[test]
    fn refused_forms() {
        for bad in [
            "",
            "yesterday",
            "01/06/2024",
            "2024-13-01",
            "2024-02-30",
            "الأربعاء",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }
}
