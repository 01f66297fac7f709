//! Building the display text from the lines that survived the rules:
//! lines broken in the middle of a sentence are rejoined, paragraphs kept.

use khabar_text::fold;

use crate::line::{ends_sentence, is_arabic_start};

/// One piece of the kept text, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// A kept non-blank line (trimmed).
    Line(&'a str),
    /// A blank line, or a removed line: ends the paragraph.
    Break,
}

/// The most words a line may have and still look like a heading (or a
/// verse) that must not be joined to its neighbour.
const HEADING_WORDS: usize = 6;

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Words that cannot end a sentence (prepositions, conjunctions, articles,
/// relative pronouns), compared in match form (so على matches علي).
const CONNECTORS: &[&str] = &[
    "و",
    "في",
    "من",
    "على",
    "الى",
    "عن",
    "ان",
    "التي",
    "الذي",
    "الذين",
    "مع",
    "بين",
    "حتى",
    "او",
    "ثم",
    "لكن",
    "بعد",
    "قبل",
    "عند",
    "خلال",
    "منذ",
    "لدي",
    "نحو",
    "ضد",
    "حول",
    "كما",
    "بان",
    "لان",
    "لا",
    "لم",
    "لن",
    "قد",
    "هذا",
    "هذه",
    "تلك",
    "ذلك",
    "and",
    "or",
    "of",
    "the",
    "a",
    "an",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "that",
    "which",
    "who",
    "as",
    "but",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "said",
];

/// True when `prev` visibly stops in the middle of a sentence: it ends with
/// a comma (`,` `،`), a hyphen, or a [`CONNECTORS`] word.
fn stops_mid_sentence(prev: &str) -> bool {
    if prev.ends_with([',', '،', '-']) {
        return true;
    }
    prev.split_whitespace().next_back().is_some_and(|w| {
        let w = fold(w);
        CONNECTORS.iter().any(|c| fold(c) == w)
    })
}

/// True when `next` continues the unfinished sentence of `prev`.
///
/// `prev` must not end with sentence-final punctuation and be longer than a
/// heading; `next` must start with an Arabic letter or a lower-case Latin
/// letter and not be a short line without final punctuation. Then the
/// sentence must visibly go on: `prev` [stops mid-sentence](stops_mid_sentence),
/// or `next` starts with a lower-case Latin letter, or the whole text is
/// hard-wrapped (`wrapped`). Arabic outlets often end a paragraph without a
/// full stop, so an unpunctuated line alone is not enough.
pub(crate) fn continues(prev: &str, next: &str, wrapped: bool) -> bool {
    if ends_sentence(prev) || words(prev) <= HEADING_WORDS {
        return false;
    }
    if words(next) <= HEADING_WORDS && !ends_sentence(next) {
        return false;
    }
    let Some(first) = next.chars().next() else {
        return false;
    };
    if !(first.is_lowercase() || is_arabic_start(first)) {
        return false;
    }
    wrapped || first.is_lowercase() || stops_mid_sentence(prev)
}

/// The fewest lines a text needs before it can be called hard-wrapped.
const WRAPPED_MIN_LINES: usize = 4;
/// The longest line of a hard-wrapped text, in chars.
const WRAPPED_MAX_CHARS: usize = 100;

/// True when the text looks hard-wrapped at a fixed width: at least
/// [`WRAPPED_MIN_LINES`] lines, none longer than [`WRAPPED_MAX_CHARS`] chars,
/// and at least 70% of the lines that have a next line in the same paragraph
/// stop without sentence-final punctuation.
fn is_wrapped(pieces: &[Piece<'_>]) -> bool {
    let lines: Vec<&str> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Line(l) => Some(*l),
            Piece::Break => None,
        })
        .collect();
    if lines.len() < WRAPPED_MIN_LINES
        || lines.iter().any(|l| l.chars().count() > WRAPPED_MAX_CHARS)
    {
        return false;
    }
    let (mut followed, mut open) = (0, 0);
    for pair in pieces.windows(2) {
        if let [Piece::Line(a), Piece::Line(_)] = pair {
            followed += 1;
            if !ends_sentence(a) {
                open += 1;
            }
        }
    }
    followed > 0 && open * 10 >= followed * 7
}

/// Appends `line` to `out` with runs of white space collapsed to one space.
fn push_collapsed(out: &mut String, line: &str) {
    for (i, w) in line.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// The display text: paragraphs (separated by [`Piece::Break`]s) joined by
/// a blank line; inside a paragraph a line that [`continues`] the previous
/// one is joined with one space, any other line starts on a new line.
pub(crate) fn display_text(pieces: &[Piece<'_>]) -> String {
    let wrapped = is_wrapped(pieces);
    let mut out = String::new();
    let mut prev: Option<&str> = None;
    let mut paragraph_open = false;
    for piece in pieces {
        match *piece {
            Piece::Break => {
                prev = None;
                paragraph_open = false;
            }
            Piece::Line(line) => {
                if !out.is_empty() {
                    match prev {
                        Some(p) if continues(p, line, wrapped) => out.push(' '),
                        Some(_) => out.push('\n'),
                        None if !paragraph_open => out.push_str("\n\n"),
                        None => out.push('\n'),
                    }
                }
                push_collapsed(&mut out, line);
                prev = Some(line);
                paragraph_open = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Piece::{Break, Line};

    #[test]
    fn joins_a_sentence_broken_across_lines() {
        let text = display_text(&[
            Line("من جهة ثانية، أعلنت روسيا أن الإصلاحات المزمع إدخالها على"),
            Line("قانون الانتخابات ستقر قبل نهاية العام."),
        ]);
        assert_eq!(
            text,
            "من جهة ثانية، أعلنت روسيا أن الإصلاحات المزمع إدخالها على قانون الانتخابات ستقر قبل نهاية العام."
        );
        let text = display_text(&[
            Line("The minister said the new rules would take effect from"),
            Line("next month, after a short consultation."),
        ]);
        assert_eq!(
            text,
            "The minister said the new rules would take effect from next month, after a short consultation."
        );
    }

    #[test]
    fn keeps_finished_lines_headings_and_paragraphs() {
        let text = display_text(&[
            Line("وأكد الوزير أن الاتفاق نهائي."),
            Line("وأضاف أن التنفيذ يبدأ الشهر المقبل."),
            Break,
            Break,
            Line("القلق بخصوص عمليات التفتيش"),
            Line("وقال دبلوماسيون غربيون إن الوكالة الدولية ستراقب المنشآت."),
            Break,
            Line("The talks resumed in Vienna on Monday and officials said"),
            Line("Iran's negotiators arrived late."),
        ]);
        assert_eq!(
            text,
            "وأكد الوزير أن الاتفاق نهائي.\nوأضاف أن التنفيذ يبدأ الشهر المقبل.\n\nالقلق بخصوص عمليات التفتيش\nوقال دبلوماسيون غربيون إن الوكالة الدولية ستراقب المنشآت.\n\nThe talks resumed in Vienna on Monday and officials said\nIran's negotiators arrived late."
        );
    }

    #[test]
    fn keeps_unpunctuated_paragraph_ends() {
        // Outlets often end a paragraph without a full stop.
        let text = display_text(&[
            Line("وأشار إلى أن استهداف الكويت يمس أمنها واستقرارها وجع مؤلم في خاصرة البحرين"),
            Line("وفي السعودية تصدر خبر التفجير الإرهابي عناوين الصحف الصادرة أمس."),
        ]);
        assert!(text.contains('\n'), "{text}");
    }

    #[test]
    fn joins_every_line_of_a_hard_wrapped_text() {
        let text = display_text(&[
            Line("أعلنت وزارة الصحة السعودية اليوم تسجيل ثلاث إصابات جديدة"),
            Line("بفيروس كورونا المسبب لمتلازمة الشرق الأوسط التنفسية"),
            Line("في الرياض وجدة، مشيرة إلى أن الحالات الثلاث مستقرة"),
            Line("وأن فرق الرصد تتابع المخالطين في المدينتين."),
        ]);
        assert!(!text.contains('\n'), "{text}");
    }

    #[test]
    fn collapses_spaces() {
        assert_eq!(
            display_text(&[Break, Line("قال  الوزير\u{a0}\u{a0}إن  الاتفاق نهائي.")]),
            "قال الوزير إن الاتفاق نهائي."
        );
    }
}
