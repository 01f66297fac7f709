//! The building blocks of the pages: escaping, the page frame (inline CSS
//! and a little inline JavaScript, nothing external), text direction by
//! script, SVG charts of articles over time, and passages highlighted by
//! character offsets.
//!
//! Does not: read the archive (that is `pages`).

use std::fmt::Write;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset};
use khabar_text::{Script, dominant_script};

/// Escapes text for element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a query-string or path component.
pub fn url_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Language and direction of a text: English left to right when its
/// letters are mostly Latin, Arabic right to left otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dir {
    /// `ar` or `en`.
    pub lang: &'static str,
    /// `rtl` or `ltr`.
    pub dir: &'static str,
}

impl Dir {
    /// Arabic, right to left.
    pub const AR: Dir = Dir {
        lang: "ar",
        dir: "rtl",
    };
    /// English, left to right.
    pub const EN: Dir = Dir {
        lang: "en",
        dir: "ltr",
    };

    /// The direction of `text` by its dominant script.
    pub fn of(text: &str) -> Dir {
        match dominant_script(text) {
            Some(Script::Latin) => Dir::EN,
            _ => Dir::AR,
        }
    }

    /// `lang="…" dir="…"`.
    pub fn attrs(self) -> String {
        format!("lang=\"{}\" dir=\"{}\"", self.lang, self.dir)
    }

    /// `en` in an English page, `ar` in an Arabic one.
    pub fn say(self, en: &'static str, ar: &'static str) -> &'static str {
        if self.lang == "en" { en } else { ar }
    }
}

const STYLE: &str = r#"
:root{--ink:#1d1d1b;--muted:#6b6b66;--paper:#f6f5f1;--card:#fff;--line:#e4e2dc;--accent:#1d3557;--mark:#ffe28a;--mark2:#ffb703}
*{box-sizing:border-box}
body{font-family:"Noto Naskh Arabic","Amiri","Segoe UI",Tahoma,Arial,sans-serif;margin:0;background:var(--paper);color:var(--ink);line-height:1.7}
a{color:var(--accent)}
header.top{background:var(--accent);color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap}
header.top a{color:#fff;text-decoration:none;font-weight:bold}
header.top .brand{font-size:1.3rem}
header.top form{margin-inline-start:auto}
input,button,select{font:inherit;padding:.2rem .5rem;border:1px solid var(--line);border-radius:4px}
button{background:var(--accent);color:#fff;border:0;cursor:pointer}
main{max-width:78rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem;margin:.6rem 0 .2rem}
h2{font-size:1.15rem;margin:1.4rem 0 .4rem;color:var(--accent)}
.meta{color:var(--muted);font-size:.9rem}
.card{background:var(--card);border-radius:8px;box-shadow:0 1px 3px #0002;padding:.8rem 1.1rem;margin:.7rem 0}
.stories{list-style:none;padding:0;margin:0}
.story-row{display:grid;grid-template-columns:1fr auto;gap:.2rem 1rem;align-items:center}
.story-row h3{margin:0;font-size:1.1rem}
.story-row .size{font-weight:bold;color:var(--accent)}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.pager{display:flex;gap:1rem;justify-content:center;margin:1rem 0}
.chips span{display:inline-block;background:#eef2f7;border-radius:4px;padding:0 .45rem;margin:.12rem;font-size:.9rem}
.chips .person{background:#fdf0e6}.chips .organization{background:#eaf6ec}.chips .place{background:#eef2f7}
table{border-collapse:collapse;width:100%;font-size:.93rem}
td,th{border-bottom:1px solid var(--line);padding:.3rem .45rem;text-align:start;vertical-align:top}
th{color:var(--muted);font-weight:normal}
.bar{display:inline-block;height:.6rem;background:#a8c5e6;border-radius:2px;vertical-align:middle}
.text{white-space:pre-wrap;font-size:1.05rem}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
@media (max-width:50rem){.pair{grid-template-columns:1fr}.story-row{grid-template-columns:1fr}}
.side{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.6rem 1rem;max-height:80vh;overflow:auto}
.side h2{margin-top:.2rem}
mark{background:var(--mark);padding:0 .1rem;border-radius:2px;cursor:pointer}
mark.on{background:var(--mark2);outline:2px solid #e76f51}
.badge{display:inline-block;background:#e76f51;color:#fff;border-radius:3px;padding:0 .35rem;font-size:.8rem}
.snippet b{background:var(--mark);font-weight:normal}
svg.chart{display:block}
svg.chart rect{fill:#457b9d}
svg.chart text{font-size:10px;fill:#6b6b66;font-family:sans-serif}
.empty{color:var(--muted);font-style:italic}
"#;

/// Links a highlighted passage to its other side: hovering or clicking a
/// passage lights it in both texts and scrolls the other one into view.
const SCRIPT: &str = r#"
document.addEventListener('click',function(e){var m=e.target.closest('mark[data-p]');if(!m)return;
var p=m.getAttribute('data-p');document.querySelectorAll('mark.on').forEach(function(x){x.classList.remove('on')});
document.querySelectorAll('mark[data-p="'+p+'"]').forEach(function(x){x.classList.add('on');if(x!==m)x.scrollIntoView({block:'center',behavior:'smooth'})});});
"#;

/// A whole page: the frame, the navigation, and `body`.
pub fn page(title: &str, dir: Dir, body: &str) -> String {
    let mut h = String::with_capacity(body.len() + STYLE.len() + 1024);
    let _ = write!(
        h,
        "<!doctype html>\n<html {attrs}><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · khabar</title><style>{STYLE}</style></head><body>\
         <header class=\"top\"><a class=\"brand\" href=\"/\">khabar · خبر</a>\
         <a href=\"/\">{stories}</a><a href=\"/search\">{search}</a>\
         <form action=\"/search\" method=\"get\" role=\"search\"><input name=\"q\" \
         placeholder=\"{search}…\" aria-label=\"{search}\"> <button>{search}</button></form>\
         </header><main>{body}</main><script>{SCRIPT}</script></body></html>\n",
        attrs = dir.attrs(),
        title = esc(title),
        stories = dir.say("Stories", "القصص"),
        search = dir.say("Search", "بحث"),
    );
    h
}

/// An HTML answer with the headers that keep a page to itself: no
/// external anything, no framing, no sniffing.
pub fn respond(status: StatusCode, html: String) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
             img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// A time as the pages show it.
pub fn when(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// `first → last`, one time when they are equal, `undated` without.
pub fn span(
    first: Option<DateTime<FixedOffset>>,
    last: Option<DateTime<FixedOffset>>,
    dir: Dir,
) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a != b => {
            format!("<span dir=\"ltr\">{} → {}</span>", when(a), when(b))
        }
        (Some(a), _) | (None, Some(a)) => format!("<span dir=\"ltr\">{}</span>", when(a)),
        (None, None) => dir.say("undated", "دون تاريخ").to_string(),
    }
}

/// Articles over time as an SVG bar chart of `buckets` bars, `width` by
/// `height` pixels, with the first and last date written under it when
/// `labels`. Time runs left to right whatever the page's direction.
/// Empty when no time is known.
pub fn timeline(
    times: &[DateTime<FixedOffset>],
    buckets: usize,
    width: u32,
    height: u32,
    labels: bool,
) -> String {
    let (Some(first), Some(last)) = (times.iter().min(), times.iter().max()) else {
        return String::new();
    };
    let buckets = buckets.max(1);
    let (t0, t1) = (first.timestamp(), last.timestamp());
    let spread = (t1 - t0).max(1);
    let mut counts = vec![0u32; buckets];
    for t in times {
        let at = ((t.timestamp() - t0) as f64 / spread as f64 * (buckets - 1) as f64).round();
        let i = (at.max(0.0) as usize).min(buckets - 1);
        if let Some(c) = counts.get_mut(i) {
            *c += 1;
        }
    }
    let max = counts.iter().copied().max().unwrap_or(1).max(1);
    let label_h = if labels { 14 } else { 0 };
    let chart_h = height.saturating_sub(label_h).max(4) as f64;
    let bar_w = width as f64 / buckets as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" dir=\"ltr\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{n} articles over time\">",
        n = times.len()
    );
    for (i, &c) in counts.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let h = (c as f64 / max as f64 * chart_h).max(2.0);
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{c}</title></rect>",
            i as f64 * bar_w + 0.5,
            chart_h - h,
            (bar_w - 1.0).max(1.0),
            h
        );
    }
    if labels {
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{y}\">{}</text><text x=\"{width}\" y=\"{y}\" text-anchor=\"end\">{}</text>",
            first.format("%Y-%m-%d"),
            last.format("%Y-%m-%d"),
            y = height.saturating_sub(2)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// `text` with the char ranges of `passages` in `<mark data-p="N">`
/// (N = the passage's number), the rest escaped. Ranges are character
/// (Unicode scalar) offsets; out-of-range and overlapping parts are
/// clipped, never a panic.
pub fn highlight(text: &str, passages: &[(usize, usize, usize)]) -> String {
    let mut ranges: Vec<(usize, usize, usize)> = passages
        .iter()
        .copied()
        .filter(|&(s, e, _)| s < e)
        .collect();
    ranges.sort_unstable();
    // Byte offset of every char start, and the end.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars = bounds.len() - 1;
    let byte = |c: usize| bounds.get(c.min(chars)).copied().unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + passages.len() * 32);
    let mut at = 0usize;
    for (start, end, n) in ranges {
        let start = start.max(at).min(chars);
        let end = end.min(chars);
        if start >= end {
            continue;
        }
        out.push_str(&esc(text.get(byte(at)..byte(start)).unwrap_or("")));
        let _ = write!(
            out,
            "<mark data-p=\"{n}\" title=\"#{}\">{}</mark>",
            n + 1,
            esc(text.get(byte(start)..byte(end)).unwrap_or(""))
        );
        at = end;
    }
    out.push_str(&esc(text.get(byte(at)..).unwrap_or("")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(
            url_part("سوريا & co"),
            "%D8%B3%D9%88%D8%B1%D9%8A%D8%A7%20%26%20co"
        );
    }

    #[test]
    fn direction_follows_the_script() {
        assert_eq!(Dir::of("قال وزير الخارجية (AFP) إن المحادثات"), Dir::AR);
        assert_eq!(Dir::of("Earthquake kills two in southern Iran"), Dir::EN);
        assert_eq!(Dir::of("2015"), Dir::AR);
    }

    #[test]
    fn highlight_marks_char_offsets_not_bytes() {
        let text = "قال الوزير: <المحادثات> ستستأنف في جنيف.";
        // "الوزير" is chars 4..10, "جنيف" the four chars before the final dot.
        let n = text.chars().count();
        let html = highlight(text, &[(n - 5, n - 1, 1), (4, 10, 0)]);
        assert!(
            html.contains("<mark data-p=\"0\" title=\"#1\">الوزير</mark>"),
            "{html}"
        );
        assert!(
            html.contains("<mark data-p=\"1\" title=\"#2\">جنيف</mark>."),
            "{html}"
        );
        assert!(html.contains("&lt;المحادثات&gt;"));
    }

    #[test]
    fn highlight_clips_bad_ranges_without_panicking() {
        let text = "Reuters reported the deal";
        let html = highlight(text, &[(8, 16, 0), (12, 20, 1), (30, 40, 2), (5, 2, 3)]);
        assert_eq!(
            html,
            "Reuters <mark data-p=\"0\" title=\"#1\">reported</mark>\
             <mark data-p=\"1\" title=\"#2\"> the</mark> deal"
        );
    }

    #[test]
    fn timeline_draws_one_bar_per_busy_bucket() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).expect("time");
        let times = [
            t("2015-06-11T08:00:00+00:00"),
            t("2015-06-11T09:00:00+00:00"),
            t("2015-06-13T10:00:00+00:00"),
        ];
        let svg = timeline(&times, 10, 200, 60, true);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("2015-06-11") && svg.contains("2015-06-13"));
        assert!(timeline(&[], 10, 200, 60, true).is_empty());
    }
}
