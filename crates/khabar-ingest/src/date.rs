//! Publication dates in the forms news data uses.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// Parses a publication date: RFC 3339 (`2024-06-01T09:30:00+03:00`),
/// RFC 2822 (`Sat, 01 Jun 2024 09:30:00 +0300`), `YYYY-MM-DD hh:mm:ss`
/// (also with `T`, with or without fractional seconds) and `YYYY-MM-DD`.
/// A date without a zone is taken as UTC, a date without a time as
/// midnight. Surrounding white space is ignored.
pub(crate) fn parse_date(value: &str) -> Option<DateTime<FixedOffset>> {
    let value = value.trim();
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

/// A feed's UTC time in the article's type.
pub(crate) fn from_utc(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.fixed_offset()
}

#[cfg(test)]
mod tests {
    use super::*;

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
