//! Building the display text from the lines that survived the rules:
//! lines broken in the middle of a sentence are rejoined, paragraphs kept.

use khabar_text::fold;

use crate::line::{ends_sentence, is_arabic_start};

/// One piece of the kept text, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// A kept non-blank line (trimmed).
    Line(&'a str),
    /// One or more blank raw lines: ends the paragraph.
    Blank,
    /// A removed line: ends the paragraph.
    Break,
}

/// The most words a line may have and still look like a heading (or a
/// verse) that must not be joined to its neighbour.
const HEADING_WORDS: usize = 6;

/// True when `s` has at most `n` white-space separated words (counts no
/// further than `n + 1`).
fn at_most_words(s: &str, n: usize) -> bool {
    s.split_whitespace().nth(n).is_none()
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
    prev.split_whitespace()
        .next_back()
        .is_some_and(is_connector)
}

/// True when `word` is one of the [`CONNECTORS`] (in match form).
pub(crate) fn is_connector(word: &str) -> bool {
    static FOLDED: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| CONNECTORS.iter().map(|c| fold(c).into_owned()).collect());
    let w = fold(word);
    FOLDED.iter().any(|c| *c == w)
}

/// How an article lays out its lines, which decides how much evidence a
/// line break needs before it is taken for a wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Hard-wrapped at a fixed width ([`is_wrapped`]): every break inside a
    /// paragraph that passes the basic checks is a wrap.
    Wrapped,
    /// Paragraphs are separated by blank lines ([`blank_paragraphs`]), and
    /// this block ends with sentence-final punctuation: a single newline
    /// inside it is a wrap when the next line is no longer than a wrapped
    /// remainder can be and does not open with a dateline.
    BlankParagraphs,
    /// Paragraphs may be separated by single newlines, often without a full
    /// stop: only a visible mid-sentence stop counts.
    Plain,
}

/// True when `line` opens with a dateline: one to three words, then a dash
/// ("بوجومبورا - د.ب.أ: ذكر ...", "برلين- «الشرق الأوسط»: ...",
/// "RIYADH — Saudi ...").
fn starts_dateline(line: &str) -> bool {
    let dash = |w: &str| w.ends_with(['-', '–', '—', 'ـ']);
    let mut words = line.split_whitespace().take(4);
    let first = words.next().is_some_and(dash);
    first || words.any(|w| matches!(w, "-" | "–" | "—" | "ـ"))
}

/// How many chars longer than the line before it the next piece of a
/// wrapped line may be (a wrap at a fixed width leaves the next line no
/// longer than the full one, give or take a word).
const WRAP_SLACK: usize = 12;

/// True when `next` may be the rest of a line wrapped at the width of
/// `prev`: not longer than `prev` by more than [`WRAP_SLACK`] chars. A
/// heading of seven words or more followed by its paragraph fails this.
fn fits_wrap(prev: &str, next: &str) -> bool {
    next.chars().count() <= prev.chars().count() + WRAP_SLACK
}

/// True when `next` continues the unfinished sentence of `prev`.
///
/// `prev` must not end with sentence-final punctuation and be longer than a
/// heading; `next` must start with an Arabic letter or a lower-case Latin
/// letter and not be a short line without final punctuation. Then the
/// sentence must visibly go on: `prev` [stops mid-sentence](stops_mid_sentence),
/// or `next` starts with a lower-case Latin letter, or the `layout` says
/// that breaks inside a paragraph are wraps ([`Layout::Wrapped`], or
/// [`Layout::BlankParagraphs`] when `next` [fits the wrap](fits_wrap) and
/// does not open with a dateline).
/// Arabic outlets often end a paragraph without a full stop and start the
/// next one on the next line, so in [`Layout::Plain`] an unpunctuated line
/// alone is not enough.
pub(crate) fn continues(prev: &str, next: &str, layout: Layout) -> bool {
    if ends_sentence(prev) || at_most_words(prev, HEADING_WORDS) {
        return false;
    }
    if at_most_words(next, HEADING_WORDS) && !ends_sentence(next) {
        return false;
    }
    let Some(first) = next.chars().next() else {
        return false;
    };
    if !(first.is_lowercase() || is_arabic_start(first)) {
        return false;
    }
    let wrap = match layout {
        Layout::Wrapped => true,
        Layout::BlankParagraphs => fits_wrap(prev, next) && !starts_dateline(next),
        Layout::Plain => false,
    };
    wrap || first.is_lowercase() || stops_mid_sentence(prev)
}

/// True when the article separates its paragraphs with blank lines: it has
/// at least one blank line between two kept lines, and at least as many of
/// those as single newlines after a finished sentence (an article that
/// starts each paragraph on the next line has many of the latter).
fn blank_paragraphs(pieces: &[Piece<'_>]) -> bool {
    let mut blanks = 0usize;
    let mut finished_singles = 0usize;
    let mut seen_line = false;
    let mut pending_blank = false;
    let mut prev: Option<&Piece<'_>> = None;
    for piece in pieces {
        match piece {
            Piece::Line(_) => {
                if pending_blank {
                    blanks += 1;
                }
                if let Some(Piece::Line(p)) = prev
                    && ends_sentence(p)
                {
                    finished_singles += 1;
                }
                seen_line = true;
                pending_blank = false;
            }
            Piece::Blank => pending_blank = seen_line,
            Piece::Break => {}
        }
        prev = Some(piece);
    }
    blanks > 0 && blanks >= finished_singles
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
            Piece::Blank | Piece::Break => None,
        })
        .collect();
    // A line of at most WRAPPED_MAX_CHARS bytes has at most as many chars.
    if lines.len() < WRAPPED_MIN_LINES
        || lines
            .iter()
            .any(|l| l.len() > WRAPPED_MAX_CHARS && l.chars().count() > WRAPPED_MAX_CHARS)
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
    if is_collapsed(line) {
        out.push_str(line);
        return;
    }
    for (i, w) in line.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// True when `line`'s only white space is single ASCII spaces between
/// words, so collapsing leaves it as it is (most lines). Walks the bytes and
/// decodes only a char whose lead byte may start a non-ASCII white space
/// (C2, E1, E2, E3).
fn is_collapsed(line: &str) -> bool {
    let bytes = line.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        let space = match b {
            b' ' => true,
            b'\t'..=b'\r' => return false,
            0xC2 | 0xE1..=0xE3 => {
                let c = line.get(i..).and_then(|rest| rest.chars().next());
                if c.is_some_and(char::is_whitespace) {
                    return false;
                }
                false
            }
            _ => false,
        };
        if space && after_space {
            return false;
        }
        after_space = space;
    }
    true
}

/// The display text: paragraphs (separated by [`Piece::Blank`]s and
/// [`Piece::Break`]s) joined by a blank line; inside a paragraph a line that
/// [`continues`] the previous one is joined with one space, any other line
/// starts on a new line.
pub(crate) fn display_text(pieces: &[Piece<'_>]) -> String {
    let article = if is_wrapped(pieces) {
        Layout::Wrapped
    } else if blank_paragraphs(pieces) {
        Layout::BlankParagraphs
    } else {
        Layout::Plain
    };
    let mut out = String::new();
    let mut prev: Option<&str> = None;
    let mut paragraph_open = false;
    let mut layout = Layout::Plain;
    for (i, piece) in pieces.iter().enumerate() {
        match *piece {
            Piece::Blank | Piece::Break => {
                prev = None;
                paragraph_open = false;
            }
            Piece::Line(line) => {
                if prev.is_none() {
                    layout = block_layout(article, pieces.get(i..).unwrap_or_default());
                }
                if !out.is_empty() {
                    match prev {
                        Some(p) if continues(p, line, layout) => out.push(' '),
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

/// The layout of the block that starts `rest`: the article's, except that
/// [`Layout::BlankParagraphs`] holds only for a block whose last line ends
/// with sentence-final punctuation (a stanza or a list does not).
fn block_layout(article: Layout, rest: &[Piece<'_>]) -> Layout {
    if article != Layout::BlankParagraphs {
        return article;
    }
    let last = rest
        .iter()
        .map_while(|p| match p {
            Piece::Line(l) => Some(*l),
            Piece::Blank | Piece::Break => None,
        })
        .last();
    if last.is_some_and(ends_sentence) {
        Layout::BlankParagraphs
    } else {
        Layout::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The fast path of `push_collapsed` gives what collapsing gives.
        #[test]
        fn push_collapsed_collapses(
            s in "[ \t\u{A0}\u{2009}\u{3000}\u{200B}ابتشك«»–—“”…a-z.]{0,40}",
        ) {
            let mut out = String::new();
            push_collapsed(&mut out, &s);
            prop_assert_eq!(out, s.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    use Piece::{Blank, Break, Line};

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
    fn joins_wraps_inside_blank_line_paragraphs() {
        // Paragraphs separated by blank lines; two of them wrapped by the
        // scraper at a word boundary with no visible mid-sentence stop.
        let text = display_text(&[
            Line(
                "جدة - الشرق الجديد: أعلنت هيئة الطيران المدني اليوم الأحد عن تشغيل صالة جديدة في مطار الملك",
            ),
            Line("عبدالعزيز الدولي، بطاقة استيعابية تصل إلى خمسة ملايين مسافر سنوياً."),
            Blank,
            Line(
                "وقال مدير المطار إن الصالة ستخصص للرحلات الداخلية في المرحلة الأولى، على أن تنتقل إليها",
            ),
            Line(
                "رحلات شركات الطيران الخليجية مطلع العام المقبل بعد اكتمال أعمال التجهيز والاختبارات.",
            ),
            Blank,
            Line(
                "وتأتي الخطوة ضمن خطة لرفع الطاقة الاستيعابية لمطارات المملكة خلال السنوات الخمس المقبلة.",
            ),
        ]);
        assert_eq!(
            text,
            "جدة - الشرق الجديد: أعلنت هيئة الطيران المدني اليوم الأحد عن تشغيل صالة جديدة في مطار الملك عبدالعزيز الدولي، بطاقة استيعابية تصل إلى خمسة ملايين مسافر سنوياً.\n\n\
             وقال مدير المطار إن الصالة ستخصص للرحلات الداخلية في المرحلة الأولى، على أن تنتقل إليها رحلات شركات الطيران الخليجية مطلع العام المقبل بعد اكتمال أعمال التجهيز والاختبارات.\n\n\
             وتأتي الخطوة ضمن خطة لرفع الطاقة الاستيعابية لمطارات المملكة خلال السنوات الخمس المقبلة."
        );
    }

    #[test]
    fn blank_line_articles_keep_datelines_stanzas_and_single_newline_paragraphs() {
        // A headline then a dateline paragraph in one block; a stanza whose
        // block does not end a sentence.
        let pieces = [
            Line("الجيش النيجيري يعلن تحرير عشرات الرهائن من قبضة جماعة بوكو حرام"),
            Line(
                "أبوجا - رويترز: قال متحدث باسم الجيش النيجيري اليوم إن القوات حررت 59 رهينة في ولاية بورنو.",
            ),
            Blank,
            Line("يا ليل طول ما بين الشوق والذكرى تعب"),
            Line("والقلب في صمته يحكي حكايات العرب"),
            Blank,
            Line(
                "وأكد المتحدث أن العمليات العسكرية مستمرة حتى تطهير غابة سامبيسا من المسلحين، وأن الرهائن المحررين نقلوا إلى مخيم في مايدوغوري لتلقي العلاج.",
            ),
        ];
        let text = display_text(&pieces);
        assert_eq!(text.matches('\n').count(), 6, "{text}");
        // Paragraphs that start on the next line without a full stop, and
        // one blank line somewhere: not a blank-line layout.
        let text = display_text(&[
            Line("وأشار إلى أن استهداف الكويت يمس أمنها واستقرارها وجع مؤلم في خاصرة البحرين"),
            Line("وفي السعودية تصدر خبر التفجير الإرهابي عناوين الصحف الصادرة أمس."),
            Line("وقالت صحيفة الرياض إن التفجير يستهدف وحدة الخليج وأمنه المشترك."),
            Line("وطالب كتاب الرأي بتشديد الرقابة على مواقع التواصل التي تبث خطاب الكراهية."),
            Blank,
            Line(
                "وكانت الكويت قد أعلنت الحداد ثلاثة أيام على ضحايا التفجير الذي استهدف مسجد الإمام الصادق.",
            ),
        ]);
        assert!(
            text.starts_with(
                "وأشار إلى أن استهداف الكويت يمس أمنها واستقرارها وجع مؤلم في خاصرة البحرين\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn collapses_spaces() {
        assert_eq!(
            display_text(&[Break, Line("قال  الوزير\u{a0}\u{a0}إن  الاتفاق نهائي.")]),
            "قال الوزير إن الاتفاق نهائي."
        );
    }
}
