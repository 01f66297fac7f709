//! The self-contained HTML report of `khabar run --html`: one page, no
//! external assets, right-to-left when the stories are mostly Arabic, a
//! section per story and a side-by-side view of reused passages.

use std::collections::HashMap;
use std::fmt::Write;

use khabar_server::html::esc;
use khabar_text::{Script, char_range, dominant_script};

use crate::cmd::Corpus;
use crate::cmd::run::StoriesDocument;
use khabar_archive::StoryDocument;

const STYLE: &str = r#"
body{font-family:"Noto Naskh Arabic","Amiri","Segoe UI",Tahoma,sans-serif;margin:0;background:#f6f5f1;color:#1d1d1b;line-height:1.7}
header{background:#1d3557;color:#fff;padding:1.2rem 2rem}
header h1{margin:0;font-size:1.6rem}
main{max-width:72rem;margin:0 auto;padding:1rem 2rem}
nav ol{columns:2;font-size:.95rem}
nav a{color:#1d3557}
.story{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;margin:1.5rem 0;padding:1rem 1.5rem}
.story h2{margin:.2rem 0;font-size:1.35rem}
.meta{color:#666;font-size:.9rem}
.summary li{margin:.3rem 0}
.names span{display:inline-block;background:#eef2f7;border-radius:4px;padding:0 .4rem;margin:.1rem;font-size:.9rem}
.names .person{background:#fdf0e6}.names .organization{background:#eaf6ec}
table{border-collapse:collapse;width:100%;font-size:.92rem}
td,th{border-bottom:1px solid #e4e4e4;padding:.25rem .4rem;text-align:start;vertical-align:top}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin:.4rem 0 1rem}
.side{background:#fbfbf8;border:1px solid #e4e4e4;border-radius:6px;padding:.5rem .8rem}
.side h4{margin:0 0 .3rem;font-size:.85rem;color:#555}
mark{background:#ffe28a;padding:0 .1rem}
.score{color:#888;font-size:.8rem}
details{margin:.4rem 0}summary{cursor:pointer;padding:.2rem 0}
.errors{color:#8a1c1c;font-size:.9rem}
"#;

/// The whole report as one HTML string. `texts` are the display texts by
/// article position.
pub fn html(document: &StoriesDocument, corpus: &Corpus, texts: &[&str]) -> String {
    let headlines: String = document
        .stories
        .iter()
        .map(|s| s.story.view.headline.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let (lang, dir) = match dominant_script(&headlines) {
        Some(Script::Latin) => ("en", "ltr"),
        _ => ("ar", "rtl"),
    };
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>khabar — {} stories</title><style>{STYLE}</style></head><body>\n",
        document.stories.len()
    );
    let _ = writeln!(
        h,
        "<header><h1>khabar · خبر</h1><div dir=\"ltr\">{} articles → {} stories</div></header><main>",
        corpus.articles.len(),
        document.stories.len()
    );
    h.push_str("<nav><ol>");
    for s in &document.stories {
        let _ = write!(
            h,
            "<li><a href=\"#{id}\" dir=\"auto\">{}</a> ({})</li>",
            esc(&s.story.view.headline),
            s.story.articles.len(),
            id = esc(&s.story.id)
        );
    }
    h.push_str("</ol></nav>\n");
    let text_by_id: HashMap<&str, &str> = corpus
        .articles
        .iter()
        .zip(texts)
        .map(|(a, &t)| (a.id.as_str(), t))
        .collect();
    for s in &document.stories {
        story_section(&mut h, s, corpus, &text_by_id);
    }
    if !document.errors.is_empty() {
        h.push_str("<section class=\"story errors\"><h2>Errors</h2><ul>");
        for e in document.errors {
            let record = e.record.map(|r| format!(" record {r}")).unwrap_or_default();
            let _ = write!(
                h,
                "<li dir=\"ltr\">{}{}: {}</li>",
                esc(&e.input),
                record,
                esc(&e.error)
            );
        }
        h.push_str("</ul></section>");
    }
    h.push_str("</main></body></html>\n");
    h
}

fn story_section(
    h: &mut String,
    doc: &StoryDocument,
    corpus: &Corpus,
    text_by_id: &HashMap<&str, &str>,
) {
    let text_of = |id: &str| text_by_id.get(id).copied().unwrap_or("");
    let story = &doc.story;
    let view = &story.view;
    let _ = write!(
        h,
        "<section class=\"story\" id=\"{}\"><h2 dir=\"auto\">{}</h2>",
        esc(&story.id),
        esc(&view.headline)
    );
    let sources: Vec<String> = view
        .sources
        .iter()
        .map(|s| format!("{} ({})", esc(&s.name), s.count))
        .collect();
    let span = match (view.first_published, view.last_published) {
        (Some(a), Some(b)) if a != b => format!(
            " · {} → {}",
            a.format("%Y-%m-%d %H:%M"),
            b.format("%Y-%m-%d %H:%M")
        ),
        (Some(a), _) => format!(" · {}", a.format("%Y-%m-%d %H:%M")),
        _ => String::new(),
    };
    let _ = write!(
        h,
        "<p class=\"meta\"><span dir=\"ltr\">{} articles</span> · {}{}</p>",
        story.articles.len(),
        sources.join("، "),
        span
    );
    if !view.summary.is_empty() {
        h.push_str("<ul class=\"summary\">");
        for sentence in &view.summary {
            let _ = write!(h, "<li dir=\"auto\">{}</li>", esc(sentence));
        }
        h.push_str("</ul>");
    }
    if !view.entities.is_empty() {
        h.push_str("<p class=\"names\">");
        for e in &view.entities {
            let kind = e.kind.as_str();
            let _ = write!(
                h,
                "<span class=\"{}\">{} · {}</span> ",
                esc(kind),
                esc(&e.name),
                e.count
            );
        }
        h.push_str("</p>");
    }
    h.push_str("<table><tr><th>id</th><th>source</th><th>published</th><th>title</th></tr>");
    for &i in &story.indices {
        let Some(a) = corpus.articles.get(i) else {
            continue;
        };
        let _ = write!(
            h,
            "<tr><td dir=\"ltr\">{}</td><td>{}</td><td dir=\"ltr\">{}</td><td dir=\"auto\">{}</td></tr>",
            esc(&a.id),
            esc(a.source.as_deref().unwrap_or("")),
            a.published
                .map(|p| p.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
            esc(a.title.as_deref().unwrap_or(""))
        );
    }
    h.push_str("</table>");
    for group in &doc.duplicates {
        let _ = write!(
            h,
            "<p class=\"meta\">near-duplicates: {}</p>",
            esc(&group.join(" = "))
        );
    }
    for (n, pair) in doc.reuse.iter().enumerate() {
        let (ta, tb) = (text_of(&pair.a), text_of(&pair.b));
        let origin = pair
            .origin
            .as_deref()
            .map(|o| format!(" · likely origin: {}", esc(o)))
            .unwrap_or_default();
        // The first pair is open; the others fold, so a big story stays
        // readable.
        let open = if n == 0 { " open" } else { "" };
        let _ = write!(
            h,
            "<details{open}><summary><b dir=\"ltr\">{} ↔ {}</b>{} · {} passages</summary>",
            esc(&pair.a),
            esc(&pair.b),
            origin,
            pair.passages.len()
        );
        for p in &pair.passages {
            let _ = write!(
                h,
                "<div class=\"pair\"><div class=\"side\" dir=\"auto\"><h4>{a} · {}..{}</h4><mark>{}</mark></div>\
                 <div class=\"side\" dir=\"auto\"><h4>{b} · {}..{} <span class=\"score\">score {:.2}</span></h4><mark>{}</mark></div></div>",
                p.a_start,
                p.a_end,
                esc(char_range(ta, p.a_start, p.a_end)),
                p.b_start,
                p.b_end,
                p.score,
                esc(char_range(tb, p.b_start, p.b_end)),
                a = esc(&pair.a),
                b = esc(&pair.b),
            );
        }
        h.push_str("</details>");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_article_text() {
        assert_eq!(
            esc("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
