//! Named entities (people, organizations, places) found without a model.
//!
//! Three sources, tried in this order at each word:
//!
//! 1. The built-in gazetteer (`data/gazetteer.tsv`, written for khabar):
//!    countries, capitals and major cities (Saudi cities included),
//!    international organizations, armed groups, clubs and a few names, each
//!    with its spelling variants, so سورية/سوريا, الأميركي/الأمريكي and
//!    داعش/تنظيم الدولة are one entity. The longest match wins.
//! 2. Cues: an office or title (الرئيس، وزير، الملك، الأمير، الشيخ، المتحدث
//!    باسم، اللواء …) followed by a name gives a person; a construct noun
//!    (وزارة، جامعة، شركة، هيئة … / مطار، محافظة، قاعدة …) with its complement
//!    gives an organization or a place.
//! 3. Latin text: runs of capitalized words.
//!
//! Each mention has a key (its match form, variants merged) and a name to show.
//!
//! Does not: resolve a surname alone to a full name, or tag entities in
//! languages other than Arabic and English.

use std::sync::OnceLock;

use khabar_text::fold;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::words::{Word, is_stop_word};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organization: a government body, company, club, armed group.
    Organization,
    /// A place: a country, city, region, site.
    Place,
}

/// One mention of an entity in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    /// The key that merges spelling variants (match form).
    pub key: String,
    /// The name to show.
    pub name: String,
    /// What the entity is.
    pub kind: EntityKind,
}

const GAZETTEER_TSV: &str = include_str!("../data/gazetteer.tsv");

struct Entry {
    name: String,
    kind: EntityKind,
}

/// The gazetteer, indexed by the first word of each variant.
struct Gazetteer {
    entries: Vec<Entry>,
    /// First word -> (remaining words, entry, Latin variant).
    by_first: FxHashMap<String, Vec<(Vec<String>, usize, bool)>>,
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| parse_gazetteer(GAZETTEER_TSV))
}

fn parse_gazetteer(tsv: &str) -> Gazetteer {
    let mut g = Gazetteer {
        entries: Vec::new(),
        by_first: FxHashMap::default(),
    };
    for line in tsv.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(kind), Some(name), Some(variants)) = (cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        let kind = match kind {
            "person" => EntityKind::Person,
            "org" => EntityKind::Organization,
            _ => EntityKind::Place,
        };
        let id = g.entries.len();
        g.entries.push(Entry {
            name: name.to_string(),
            kind,
        });
        for v in variants.split('|') {
            let latin = v.is_ascii();
            let mut ws: Vec<String> = crate::words::words(v).into_iter().map(|w| w.text).collect();
            if ws.is_empty() {
                continue;
            }
            let first = ws.remove(0);
            g.by_first.entry(first).or_default().push((ws, id, latin));
        }
    }
    for list in g.by_first.values_mut() {
        // Longest variants first, so the longest match wins.
        list.sort_by_key(|(rest, _, _)| std::cmp::Reverse(rest.len()));
    }
    g
}

/// The forms under which the first word of a name may appear: itself, without
/// a one-letter proclitic (و ف ب ك ل; لل → ال), and for a nisba adjective
/// (الأمريكية، العراقيون) its bare masculine form (امريكي، عراقي).
fn first_word_forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    // و or ف, then ب ك or ل: وبالرياض، فللسعودية.
    let conj = word
        .strip_prefix(['و', 'ف'])
        .filter(|r| r.chars().count() >= 3);
    for w in [Some(word), conj].into_iter().flatten() {
        if w.chars().count() <= 3 {
            continue;
        }
        if w != word {
            forms.push(w.to_string());
        }
        if let Some(rest) = w.strip_prefix("لل") {
            forms.push(format!("ال{rest}"));
        } else if let Some(rest) = w.strip_prefix(['ب', 'ك', 'ل']) {
            forms.push(rest.to_string());
        }
    }
    let mut nisba = Vec::new();
    for f in &forms {
        let bare = f.strip_prefix("ال").unwrap_or(f);
        for suffix in ["ه", "ون", "ين", "ان", ""] {
            if let Some(base) = bare.strip_suffix(suffix)
                && base.ends_with('ي')
                && base.chars().count() >= 3
            {
                nisba.push(base.to_string());
            }
        }
    }
    forms.extend(nisba);
    forms
}

/// The longest gazetteer match starting at `words[i]`: (entry, words used).
fn gazetteer_match(words: &[Word], i: usize) -> Option<(usize, usize)> {
    let g = gazetteer();
    let first = words.get(i)?;
    for form in first_word_forms(&first.text) {
        let Some(list) = g.by_first.get(&form) else {
            continue;
        };
        for (rest, id, latin) in list {
            if *latin && !first.capitalized {
                continue;
            }
            let fits = rest.iter().enumerate().all(|(k, r)| {
                words
                    .get(i + 1 + k)
                    .is_some_and(|w| &w.text == r && !w.after_break)
            });
            if fits {
                return Some((*id, 1 + rest.len()));
            }
        }
    }
    None
}

/// Office and title words after which a person's name follows.
const PERSON_CUES: &[&str] = &[
    "الرئيس",
    "رئيس",
    "الملك",
    "الأمير",
    "أمير",
    "الشيخ",
    "وزير",
    "الوزير",
    "نائب",
    "المتحدث",
    "متحدث",
    "اللواء",
    "العميد",
    "العقيد",
    "الفريق",
    "المقدم",
    "الرائد",
    "النقيب",
    "الدكتور",
    "د",
    "المهندس",
    "السفير",
    "المدرب",
    "اللاعب",
    "المهاجم",
    "الحارس",
    "النجم",
    "المدافع",
    "مدير",
    "محافظ",
    "المحافظ",
    "القاضي",
    "الإمام",
    "المستشار",
    "الأمين",
    "السيد",
    "السيدة",
    "الفنان",
    "الفنانة",
    "الكاتب",
    "الشاعر",
    "الداعية",
    "المواطن",
    "المواطنة",
    "المفتي",
    "مساعد",
    "وكيل",
    "عضو",
    "الناطق",
    "ناطق",
    "مستشار",
    "قائد",
    "زعيم",
    "المبعوث",
    "مبعوث",
];

/// Words that may stand between a person cue and the name (the office's
/// complement, as in المتحدث الرسمي باسم، رئيس مجلس الوزراء).
const CUE_FILLERS: &[&str] = &["باسم", "مجلس", "العام", "الرسمي", "شؤون", "لشؤون"];

/// Construct nouns that start an organization's name.
const ORG_CUES: &[&str] = &[
    "وزارة",
    "هيئة",
    "جامعة",
    "شركة",
    "نادي",
    "بنك",
    "مصرف",
    "مجلس",
    "جمعية",
    "مؤسسة",
    "صندوق",
    "مستشفى",
    "محكمة",
    "لجنة",
    "منظمة",
    "حركة",
    "جبهة",
    "حزب",
    "تنظيم",
    "جماعة",
    "وكالة",
    "صحيفة",
    "قناة",
    "مجموعة",
    "إمارة",
    "أمانة",
    "بلدية",
    "شرطة",
    "إدارة",
    "مركز",
    "كلية",
    "معهد",
    "مهرجان",
    "مؤتمر",
];

/// Construct nouns that start a place's name.
const PLACE_CUES: &[&str] = &[
    "مدينة",
    "محافظة",
    "منطقة",
    "مطار",
    "ميناء",
    "قاعدة",
    "حي",
    "جزيرة",
    "مخيم",
    "ولاية",
    "إقليم",
    "بلدة",
    "قرية",
    "جسر",
    "شارع",
    "ميدان",
    "سجن",
];

/// Sons and fathers: joined with the next word in a name.
const NAME_LINKS: &[&str] = &["بن", "بنت", "ابن", "عبد", "أبو", "ابو", "آل", "ولد"];

struct Cues {
    person: FxHashSet<String>,
    fillers: FxHashSet<String>,
    org: FxHashSet<String>,
    place: FxHashSet<String>,
    links: FxHashSet<String>,
}

fn cues() -> &'static Cues {
    static CUES: OnceLock<Cues> = OnceLock::new();
    CUES.get_or_init(|| {
        let set = |l: &[&str]| l.iter().map(|w| fold(w).into_owned()).collect();
        Cues {
            person: set(PERSON_CUES),
            fillers: set(CUE_FILLERS),
            org: set(ORG_CUES),
            place: set(PLACE_CUES),
            links: set(NAME_LINKS),
        }
    })
}

/// The word without a one-letter proclitic (و ب ل ف ك), when that leaves a
/// cue word; else the word itself.
fn cue_form<'a>(word: &'a str, set: &FxHashSet<String>) -> Option<&'a str> {
    if set.contains(word) {
        return Some(word);
    }
    let c = word.chars().next()?;
    if matches!(c, 'و' | 'ف' | 'ب' | 'ك' | 'ل') {
        let rest = &word[c.len_utf8()..];
        if set.contains(rest) {
            return Some(rest);
        }
    }
    None
}

fn is_cue(word: &str) -> bool {
    let c = cues();
    cue_form(word, &c.person).is_some()
        || cue_form(word, &c.org).is_some()
        || cue_form(word, &c.place).is_some()
}

/// True when `w` can be part of a name after a cue.
fn nameable(w: &Word) -> bool {
    !w.after_break
        && !w.number
        && !is_stop_word(&w.text)
        && w.text.chars().count() >= 2
        && !is_cue(&w.text)
        && !w.text.is_ascii()
}

/// A person's name starting at `words[j]`: the number of words, or 0.
/// Words without ال make the name; one ال word may close it (منصور البلوي);
/// بن / عبد / أبو join the next word.
fn person_name_len(words: &[Word], j: usize) -> usize {
    let c = cues();
    let mut n = 0;
    while n < 5 {
        let Some(w) = words.get(j + n) else { break };
        if n > 0 && w.after_break || !(nameable(w) || n > 0 && c.links.contains(&w.text)) {
            break;
        }
        if c.links.contains(&w.text) {
            // A link needs a word after it.
            if words.get(j + n + 1).is_some_and(nameable) {
                n += 2;
                continue;
            }
            break;
        }
        if w.text.starts_with("ال") {
            if n == 0 {
                return 0;
            }
            n += 1;
            break;
        }
        n += 1;
    }
    n
}

/// The key of a person's name: its words in match form, with عبد and أبو
/// joined to the next word (عبد الخالق = عبدالخالق).
fn person_key(words: &[Word]) -> String {
    let mut key = String::new();
    for w in words {
        if !key.is_empty() && !key.ends_with("عبد") && !key.ends_with("ابو") {
            key.push(' ');
        }
        key.push_str(&w.text);
    }
    key
}

fn display_of(display: &str, words: &[Word]) -> String {
    match (words.first(), words.last()) {
        (Some(a), Some(b)) => display.get(a.start..b.end).unwrap_or_default().to_string(),
        _ => String::new(),
    }
}

/// Quotation marks that open and close a name.
const OPEN_QUOTES: [char; 3] = ['«', '"', '“'];
const CLOSE_QUOTES: [char; 3] = ['»', '"', '”'];

/// Arabic outlets put the names of companies, events and campaigns in
/// quotation marks: «سابك», «عربال 2015». A run of one to three words right
/// inside quotation marks, not a stop word, is taken as a name: its length.
fn quoted_name_len(display: &str, words: &[Word], i: usize) -> Option<usize> {
    let first = words.get(i)?;
    let before = display.get(..first.start)?.trim_end_matches(' ');
    if !before.ends_with(OPEN_QUOTES) {
        return None;
    }
    for n in 1..=3 {
        let w = words.get(i + n - 1)?;
        if n > 1 && w.after_break {
            return None;
        }
        let after = display.get(w.end..)?.trim_start_matches(' ');
        if after.starts_with(CLOSE_QUOTES) {
            let run = &words[i..i + n];
            let content = run.iter().any(|x| !x.number && !is_stop_word(&x.text));
            return content.then_some(n);
        }
    }
    None
}

/// The entity mentions of a text, given its words and the display text they
/// came from.
pub(crate) fn mentions(display: &str, words: &[Word]) -> Vec<Mention> {
    let g = gazetteer();
    let c = cues();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((id, len)) = gazetteer_match(words, i) {
            let e = &g.entries[id];
            out.push(Mention {
                key: fold(&e.name).into_owned(),
                name: e.name.clone(),
                kind: e.kind,
            });
            i += len;
            continue;
        }
        if let Some(n) = quoted_name_len(display, words, i) {
            let name = &words[i..i + n];
            out.push(Mention {
                key: person_key(name),
                name: display_of(display, name),
                kind: EntityKind::Organization,
            });
            i += n;
            continue;
        }
        let w = &words[i];
        if cue_form(&w.text, &c.person).is_some() {
            // Skip the office's complement: up to three ال words or fillers.
            let mut j = i + 1;
            while j < i + 4
                && words.get(j).is_some_and(|x| {
                    !x.after_break
                        && (x.text.starts_with("ال") && gazetteer_match(words, j).is_none()
                            || c.fillers.contains(&x.text))
                })
            {
                j += 1;
            }
            let gaz_next = gazetteer_match(words, j);
            if let Some((id, len)) = gaz_next
                && g.entries[id].kind == EntityKind::Person
            {
                let e = &g.entries[id];
                out.push(Mention {
                    key: fold(&e.name).into_owned(),
                    name: e.name.clone(),
                    kind: e.kind,
                });
                i = j + len;
                continue;
            }
            let n = if gaz_next.is_none() {
                person_name_len(words, j)
            } else {
                0
            };
            if n > 0 {
                let name = &words[j..j + n];
                out.push(Mention {
                    key: person_key(name),
                    name: display_of(display, name),
                    kind: EntityKind::Person,
                });
                i = j + n;
                continue;
            }
            i += 1;
            continue;
        }
        let kind = if cue_form(&w.text, &c.org).is_some() {
            Some(EntityKind::Organization)
        } else if cue_form(&w.text, &c.place).is_some() {
            Some(EntityKind::Place)
        } else {
            None
        };
        if let Some(kind) = kind {
            // The complement: one or two words, ال words or a gazetteer name.
            let mut n = 0;
            while n < 2 {
                let Some(x) = words.get(i + 1 + n) else { break };
                if x.after_break
                    || x.number
                    || is_stop_word(&x.text)
                    || x.text.is_ascii()
                    || is_cue(&x.text)
                {
                    break;
                }
                if n > 0 && !x.text.starts_with("ال") {
                    break;
                }
                n += 1;
            }
            if n > 0 {
                let cue = cue_form(
                    &w.text,
                    if kind == EntityKind::Place {
                        &c.place
                    } else {
                        &c.org
                    },
                )
                .unwrap_or(&w.text);
                let rest = &words[i + 1..i + 1 + n];
                let mut key = cue.to_string();
                for x in rest {
                    key.push(' ');
                    key.push_str(&x.text);
                }
                let shown = display_of(display, &words[i..i + 1 + n]);
                // Show without the proclitic the cue word carried.
                let skip = w.text.chars().count() - cue.chars().count();
                let name: String = shown.chars().skip(skip).collect();
                out.push(Mention { key, name, kind });
                i += 1 + n;
                continue;
            }
            i += 1;
            continue;
        }
        if w.capitalized {
            let mut n = 0;
            while words
                .get(i + n)
                .is_some_and(|x| x.capitalized && (n == 0 || !x.after_break) && n < 4)
            {
                n += 1;
            }
            let run = &words[i..i + n];
            // A lone capital word at the start of a sentence says nothing.
            let skip_leading = run.iter().take_while(|x| is_stop_word(&x.text)).count();
            let run = &run[skip_leading..];
            if run.len() >= 2 || run.len() == 1 && !run[0].after_break {
                let kind = if run.len() >= 2 && run.len() <= 3 {
                    EntityKind::Person
                } else {
                    EntityKind::Organization
                };
                out.push(Mention {
                    key: run
                        .iter()
                        .map(|x| x.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    name: display_of(display, run),
                    kind,
                });
            }
            i += n.max(1);
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::words;

    fn keys(text: &str) -> Vec<(String, EntityKind)> {
        mentions(text, &words(text))
            .into_iter()
            .map(|m| (m.key, m.kind))
            .collect()
    }

    fn key_of(name: &str) -> String {
        fold(name).into_owned()
    }

    #[test]
    fn gazetteer_variants_merge() {
        let a = keys("قصفت الطائرات مواقع في سورية وقال المسؤول الأميركي");
        let b = keys("وفي سوريا، أكد المسؤول الأمريكي");
        assert_eq!(a, b);
        assert_eq!(a[0].0, key_of("سوريا"));
        assert_eq!(a[1].0, key_of("الولايات المتحدة"));
        let c = keys("هاجم تنظيم الدولة الإسلامية مواقع قرب الرمادي");
        let d = keys("هاجم مسلحو داعش مواقع قرب الرمادي");
        assert_eq!(c, d);
    }

    #[test]
    fn longest_match_and_proclitics() {
        let k = keys("وصل الوفد إلى المملكة العربية السعودية وبالرياض");
        assert_eq!(k[0].0, key_of("السعودية"));
        assert_eq!(k[1].0, key_of("الرياض"));
        // Cameroon the country and Cameron the prime minister stay apart.
        let country = keys("هجوم انتحاري في الكاميرون");
        let person = keys("أعلن كاميرون موعد الاستفتاء");
        assert_ne!(country[0].0, person[0].0);
        assert_eq!(person[0].1, EntityKind::Person);
    }

    #[test]
    fn office_cues_give_people() {
        let k = keys("وقال وزير الخارجية عادل الجبير إن المشرف العام منصور البلوي وصل");
        assert!(
            k.contains(&(key_of("عادل الجبير"), EntityKind::Person)),
            "{k:?}"
        );
        let k = keys("المتحدث الرسمي باسم وزارة الداخلية اللواء منصور التركي");
        assert!(
            k.contains(&(key_of("وزارة الداخلية"), EntityKind::Organization)),
            "{k:?}"
        );
        assert!(
            k.contains(&(key_of("منصور التركي"), EntityKind::Person)),
            "{k:?}"
        );
        let a = keys("اعتقال القيادي عبد الخالق الحوثي، قال الشيخ عبد الخالق الحوثي");
        let b = keys("قال الشيخ عبدالخالق الحوثي");
        assert_eq!(a.last(), b.last());
    }

    #[test]
    fn construct_nouns_give_organizations_and_places() {
        let k = keys("أصدرت جامعة تبوك بيانا عن حادث في مطار جدة");
        assert!(
            k.contains(&(key_of("جامعة تبوك"), EntityKind::Organization)),
            "{k:?}"
        );
        assert!(
            k.contains(&(key_of("مطار جدة"), EntityKind::Place)),
            "{k:?}"
        );
    }

    #[test]
    fn latin_capitals_give_names() {
        let k = keys("The meeting in Vienna was chaired by Federica Mogherini on Tuesday.");
        assert!(k.contains(&(key_of("النمسا"), EntityKind::Place)), "{k:?}");
        assert!(
            k.contains(&("federica mogherini".to_string(), EntityKind::Person)),
            "{k:?}"
        );
        assert!(!k.iter().any(|(key, _)| key == "the"));
    }
}
