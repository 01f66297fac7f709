//! One JSON record (a JSONL line or a JSON array element) -> an article.
//!
//! Field names accepted, first non-empty wins:
//!
//! | field | names |
//! | --- | --- |
//! | text (required) | `text`, `body`, `content` |
//! | id | `id` (string or number) |
//! | title | `title`, `headline` |
//! | url | `url`, `link` |
//! | source | `source`, `outlet` |
//! | published | `published`, `date`, `pubDate`, `date_published`, `date_extracted` |
//! | lang | `lang`, `language` |

use std::borrow::Cow;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::date::parse_date;
use crate::settle::{Draft, decode_lossy, non_empty, settle};
use crate::{Article, ErrorKind, Origin, ReadOptions, RecordError};

const TEXT: &[&str] = &["text", "body", "content"];
const TITLE: &[&str] = &["title", "headline"];
const URL: &[&str] = &["url", "link"];
const SOURCE: &[&str] = &["source", "outlet"];
const PUBLISHED: &[&str] = &[
    "published",
    "date",
    "pubDate",
    "date_published",
    "date_extracted",
];
const LANG: &[&str] = &["lang", "language"];

/// Reads one record's raw bytes: decodes them lossily, parses the JSON and
/// settles the article. Everything that comes out names `origin`.
pub(crate) fn read_record(
    bytes: &[u8],
    origin: Origin,
    stem: &str,
    opts: &ReadOptions,
) -> Vec<Result<Article, RecordError>> {
    let (json, bad_byte) = decode_lossy(bytes);
    match parse_record(&json, origin.clone(), stem) {
        Ok(mut draft) => {
            if let Some(offset) = bad_byte {
                draft.warnings.insert(0, ErrorKind::InvalidUtf8 { offset });
            }
            settle(draft, opts)
        }
        Err(kind) => vec![Err(RecordError::record(origin.input, origin.record, kind))],
    }
}

/// Parses one record's text into a draft article.
/// `stem` names the default id `<stem>:<record>`.
///
/// A record that is an object is read field by field, borrowing its
/// strings from `json` where they have no escapes ([`Fields`]); anything
/// else (not an object, malformed) goes through a [`Value`], which gives
/// the error. Both read the same article from the same object.
pub(crate) fn parse_record(json: &str, origin: Origin, stem: &str) -> Result<Draft, ErrorKind> {
    if let Ok(fields) = serde_json::from_str::<Fields<'_>>(json) {
        return fields.draft(origin, stem);
    }
    let value: Value = serde_json::from_str(json).map_err(|e| ErrorKind::Json(e.to_string()))?;
    from_value(value, origin, stem)
}

/// The fields of a JSON object that an article is made of, as read
/// straight from the record: each name in [`TEXT`], [`TITLE`], [`URL`],
/// [`SOURCE`], [`PUBLISHED`] and [`LANG`] with its value if that is a
/// string, `id` as a [`Value`]; other fields are skipped unread. A name
/// given twice keeps its last value, as in a [`Map`].
#[derive(Default)]
struct Fields<'a> {
    /// `(name, string)` in the order met; a name met again replaces its
    /// string (or removes it when the new value is not a string).
    strings: Vec<(&'static str, Cow<'a, str>)>,
    id: Option<Value>,
}

/// Every field name [`Fields`] keeps, but `id`.
const NAMES: [&[&str]; 6] = [TEXT, TITLE, URL, SOURCE, PUBLISHED, LANG];

impl<'a> Fields<'a> {
    /// The string of field `name`, if it has one.
    fn get(&self, name: &str) -> Option<&str> {
        self.strings
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s.as_ref())
    }

    /// The same draft [`from_value`] makes of the object.
    fn draft(self, origin: Origin, stem: &str) -> Result<Draft, ErrorKind> {
        let strings: Vec<&str> = TEXT.iter().filter_map(|n| self.get(n)).collect();
        let first_full = strings.iter().find(|s| !s.trim().is_empty());
        let text = match (first_full, strings.first()) {
            (Some(s), _) | (None, Some(s)) => (*s).to_string(),
            (None, None) => return Err(ErrorKind::MissingText),
        };
        let first = |names: &[&str]| names.iter().filter_map(|n| self.get(n)).find_map(non_empty);
        let id = match &self.id {
            Some(Value::String(s)) => non_empty(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }
        .unwrap_or_else(|| format!("{stem}:{}", origin.record));
        Ok(draft(id, text, origin, first))
    }
}

/// A field name of a record, as [`Fields`] sees it.
enum Name {
    /// One of [`NAMES`].
    Kept(&'static str),
    /// `id`.
    Id,
    /// Any other.
    Other,
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl Visitor<'_> for NameVisitor {
            type Value = Name;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Name, E> {
                if name == "id" {
                    return Ok(Name::Id);
                }
                Ok(NAMES
                    .iter()
                    .flat_map(|names| names.iter())
                    .find(|n| **n == name)
                    .map_or(Name::Other, |n| Name::Kept(n)))
            }
        }
        d.deserialize_str(NameVisitor)
    }
}

/// A field value: its string if it is one (borrowed when it has no
/// escapes), else nothing (read and dropped).
struct MaybeString<'a>(Option<Cow<'a, str>>);

impl<'de> Deserialize<'de> for MaybeString<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StringVisitor;
        impl<'de> Visitor<'de> for StringVisitor {
            type Value = MaybeString<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(MaybeString(Some(Cow::Borrowed(s))))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(MaybeString(Some(Cow::Owned(s.to_string()))))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
                Ok(MaybeString(Some(Cow::Owned(s))))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(MaybeString(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(MaybeString(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(MaybeString(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(MaybeString(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(MaybeString(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(MaybeString(None))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(MaybeString(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(MaybeString(None))
            }
        }
        d.deserialize_any(StringVisitor)
    }
}

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut fields = Fields::default();
                while let Some(name) = map.next_key::<Name>()? {
                    match name {
                        Name::Kept(name) => {
                            let value = map.next_value::<MaybeString<'de>>()?;
                            fields.strings.retain(|(n, _)| *n != name);
                            if let Some(s) = value.0 {
                                fields.strings.push((name, s));
                            }
                        }
                        Name::Id => fields.id = Some(map.next_value::<Value>()?),
                        Name::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(fields)
            }
        }
        d.deserialize_map(FieldsVisitor)
    }
}

/// Builds a draft from a parsed JSON value, which must be an object.
pub(crate) fn from_value(value: Value, origin: Origin, stem: &str) -> Result<Draft, ErrorKind> {
    let Value::Object(map) = value else {
        return Err(ErrorKind::Json(format!(
            "expected an object, found {}",
            kind_of(&value)
        )));
    };
    let text = text_of(&map)?;
    let id = id_of(&map).unwrap_or_else(|| format!("{stem}:{}", origin.record));
    Ok(draft(id, text, origin, |names| first_string(&map, names)))
}

/// The draft of a record whose id and text are known, its other fields
/// read by `first` (the first non-empty of the given names); an unreadable
/// date is a warning, not an error. Both record readers end here.
fn draft(
    id: String,
    text: String,
    origin: Origin,
    first: impl Fn(&[&str]) -> Option<String>,
) -> Draft {
    let mut warnings = Vec::new();
    let published = first(PUBLISHED).and_then(|value| {
        let parsed = parse_date(&value);
        if parsed.is_none() {
            warnings.push(ErrorKind::BadDate { value });
        }
        parsed
    });
    let article = Article {
        id,
        source: first(SOURCE),
        url: first(URL),
        title: first(TITLE),
        published,
        lang: first(LANG),
        text,
        origin,
    };
    Draft { article, warnings }
}

/// The first non-empty string among `text`, `body`, `content`. Empty or
/// blank strings fall through to the next name; when all are blank the
/// (blank) text is returned and reported later as empty. No string at
/// all is [`ErrorKind::MissingText`].
fn text_of(map: &Map<String, Value>) -> Result<String, ErrorKind> {
    let strings: Vec<&str> = TEXT
        .iter()
        .filter_map(|name| map.get(*name).and_then(Value::as_str))
        .collect();
    let first_full = strings.iter().find(|s| !s.trim().is_empty());
    match (first_full, strings.first()) {
        (Some(s), _) | (None, Some(s)) => Ok((*s).to_string()),
        (None, None) => Err(ErrorKind::MissingText),
    }
}

fn id_of(map: &Map<String, Value>) -> Option<String> {
    match map.get("id")? {
        Value::String(s) => non_empty(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn first_string(map: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names
        .iter()
        .filter_map(|name| map.get(*name).and_then(Value::as_str))
        .find_map(non_empty)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The draft (or error) the [`Value`] path alone makes of `json`.
    fn by_value(json: &str) -> String {
        let draft = serde_json::from_str::<Value>(json)
            .map_err(|e| ErrorKind::Json(e.to_string()))
            .and_then(|v| from_value(v, origin(), "wire"));
        format!("{draft:?}")
    }

    fn json_value() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            r#""قال المتحدث باسم الخارجية إن المحادثات ستستأنف.""#,
            r#""  ""#,
            r#""""#,
            r#""سطر\nثان \"مقتبس\" \u0627""#,
            r#""2024-06-01T09:30:00""#,
            r#""2024-06-01 09:30""#,
            r#""الأربعاء""#,
            r#""  42 ""#,
            "42",
            "-7.5",
            "null",
            "true",
            r#"["a", {"text": "b"}]"#,
            r#"{"text": "nested", "id": 3}"#,
        ])
        .prop_map(str::to_string)
    }

    fn json_name() -> impl Strategy<Value = String> {
        let mut names: Vec<&str> = NAMES.iter().flat_map(|n| n.iter().copied()).collect();
        names.extend(["id", "other", "te\\u0078t", "Text"]);
        prop::sample::select(names).prop_map(str::to_string)
    }

    proptest! {
        /// Reading the fields straight gives what the `Value` path gives,
        /// repeated names, escapes and non-string values included.
        #[test]
        fn fields_read_as_the_value_path(
            pairs in prop::collection::vec((json_name(), json_value()), 0..8),
        ) {
            let json = format!(
                "{{{}}}",
                pairs.iter().map(|(n, v)| format!("\"{n}\": {v}")).collect::<Vec<_>>().join(", ")
            );
            prop_assert_eq!(format!("{:?}", parse(&json)), by_value(&json), "{}", json);
        }
    }

    fn origin() -> Origin {
        Origin {
            input: "wire.jsonl".into(),
            record: 7,
        }
    }

    fn parse(json: &str) -> Result<Draft, ErrorKind> {
        parse_record(json, origin(), "wire")
    }

    #[test]
    fn every_alias_is_read() {
        let json = r#"{"id": 42, "headline": "محادثات جنيف", "link": "https://example.com/a",
            "outlet": "وكالة الأنباء", "pubDate": "Sat, 01 Jun 2024 09:30:00 +0300",
            "language": "ar", "body": "قال المتحدث باسم الخارجية إن المحادثات ستستأنف."}"#;
        let a = parse(json).map(|d| d.article).ok();
        let a = a.as_ref();
        assert_eq!(a.map(|a| a.id.as_str()), Some("42"));
        assert_eq!(a.and_then(|a| a.title.as_deref()), Some("محادثات جنيف"));
        assert_eq!(
            a.and_then(|a| a.url.as_deref()),
            Some("https://example.com/a")
        );
        assert_eq!(a.and_then(|a| a.source.as_deref()), Some("وكالة الأنباء"));
        assert_eq!(a.and_then(|a| a.lang.as_deref()), Some("ar"));
        assert_eq!(
            a.and_then(|a| a.published)
                .map(|t| t.to_rfc3339())
                .as_deref(),
            Some("2024-06-01T09:30:00+03:00")
        );
        assert!(a.is_some_and(|a| a.text.starts_with("قال المتحدث")));
    }

    #[test]
    fn each_date_alias_is_read() {
        for name in PUBLISHED {
            let json = format!(r#"{{"text": "The minister said.", "{name}": "2024-06-01"}}"#);
            let published = parse(&json).ok().and_then(|d| d.article.published);
            assert_eq!(
                published.map(|t| t.to_rfc3339()).as_deref(),
                Some("2024-06-01T00:00:00+00:00"),
                "{name}"
            );
        }
    }

    #[test]
    fn text_aliases_take_the_first_non_empty_string() {
        for (json, want) in [
            (r#"{"text": "a", "body": "b"}"#, "a"),
            (r#"{"body": "b", "content": "c"}"#, "b"),
            (r#"{"content": "c"}"#, "c"),
            (r#"{"text": "  ", "content": "c"}"#, "c"),
            (r#"{"text": 7, "body": "b"}"#, "b"),
        ] {
            let text = parse(json).map(|d| d.article.text).ok();
            assert_eq!(text.as_deref(), Some(want), "{json}");
        }
    }

    #[test]
    fn missing_or_non_string_text_is_an_error() {
        for json in [
            r#"{"id": "no-text"}"#,
            r#"{"id": 5, "text": 7}"#,
            r#"{"text": null}"#,
        ] {
            assert!(matches!(parse(json), Err(ErrorKind::MissingText)), "{json}");
        }
    }

    #[test]
    fn default_id_is_stem_and_record() {
        for json in [
            r#"{"text": "x"}"#,
            r#"{"id": "", "text": "x"}"#,
            r#"{"id": null, "text": "x"}"#,
        ] {
            let id = parse(json).map(|d| d.article.id).ok();
            assert_eq!(id.as_deref(), Some("wire:7"), "{json}");
        }
    }

    #[test]
    fn bad_date_is_a_warning_not_a_loss() {
        let draft = parse(r#"{"text": "x", "date": "الأربعاء أول أيام العيد"}"#).ok();
        assert!(
            draft
                .as_ref()
                .is_some_and(|d| d.article.published.is_none())
        );
        assert!(draft.is_some_and(
            |d| matches!(&d.warnings[..], [ErrorKind::BadDate { value }] if value.contains("العيد"))
        ));
    }

    #[test]
    fn non_objects_and_bad_json_are_errors() {
        assert!(matches!(parse("[1, 2]"), Err(ErrorKind::Json(m)) if m.contains("an array")));
        assert!(matches!(
            parse(r#"{"id": "x", "text": "#),
            Err(ErrorKind::Json(_))
        ));
        assert!(matches!(parse("not json at all"), Err(ErrorKind::Json(_))));
    }
}
