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

use std::ops::Range;
use std::sync::OnceLock;

use khabar_text::fold;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use khabar_text::tokenize;

use crate::tokens::{KeyHasher, Word, key, key_of};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organization: a government body, company, club, armed group.
    Organization,
    /// A place: a country, city, region, site.
    Place,
}

impl EntityKind {
    /// `person`, `organization` or `place`: the name the JSON uses.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
        }
    }
}

/// Where the name of a mention is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Name {
    /// The gazetteer's name.
    Known(&'static str),
    /// A byte range of the title.
    Title(Range<usize>),
    /// A byte range of the text.
    Text(Range<usize>),
}

impl Name {
    /// The name to show, given the title and text the mention came from.
    pub(crate) fn resolve<'a>(&self, title: Option<&'a str>, text: &'a str) -> &'a str {
        match self {
            Name::Known(s) => s,
            Name::Title(r) => title.and_then(|t| t.get(r.clone())).unwrap_or_default(),
            Name::Text(r) => text.get(r.clone()).unwrap_or_default(),
        }
    }
}

/// One mention of an entity in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    /// The key that merges spelling variants (a hash of the match form).
    pub key: u64,
    /// The name to show.
    pub name: Name,
    /// What the entity is.
    pub kind: EntityKind,
    /// Keys of the parts of a person's name that also identify them alone
    /// (see [`name_parts`]); compared as entities, not listed in a view.
    pub parts: Vec<u64>,
}

const GAZETTEER_TSV: &str = include_str!("../data/gazetteer.tsv");

struct Entry {
    name: &'static str,
    key: u64,
    kind: EntityKind,
}

/// The gazetteer, indexed by the key of the first word of each variant.
struct Gazetteer {
    entries: Vec<Entry>,
    /// First word -> (keys of the remaining words, entry, Latin variant).
    by_first: FxHashMap<u64, Vec<(Vec<u64>, usize, bool)>>,
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| parse_gazetteer(GAZETTEER_TSV))
}

fn parse_gazetteer(tsv: &'static str) -> Gazetteer {
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
            name,
            key: key(&fold(name)),
            kind,
        });
        for v in variants.split('|') {
            let latin = v.is_ascii();
            // The keys `tokens::words` gives the variant's words (it cannot
            // be called here: its lexicon reads this gazetteer).
            let ws: Vec<u64> = tokenize(v).iter().map(|t| key(&t.text)).collect();
            let Some((&first, rest)) = ws.split_first() else {
                continue;
            };
            g.by_first
                .entry(first)
                .or_default()
                .push((rest.to_vec(), id, latin));
        }
    }
    for list in g.by_first.values_mut() {
        // Longest variants first, so the longest match wins.
        list.sort_by_key(|(rest, _, _)| std::cmp::Reverse(rest.len()));
    }
    g
}

/// Keys of the forms under which the first word of a name may appear, at
/// most [`Forms::MAX`], without building strings.
struct Forms {
    keys: [u64; Forms::MAX],
    n: usize,
}

impl Forms {
    const MAX: usize = 24;

    fn push(&mut self, k: u64) {
        if let Some(slot) = self.keys.get_mut(self.n) {
            *slot = k;
            self.n += 1;
        }
    }

    fn as_slice(&self) -> &[u64] {
        self.keys.get(..self.n).unwrap_or_default()
    }
}

/// The forms under which the first word of a name may appear: itself, without
/// a one-letter proclitic (و ف ب ك ل; لل → ال), and for a nisba adjective
/// (الأمريكية، العراقيون) its bare masculine form (امريكي، عراقي).
fn first_word_forms(text: &str, word_key: u64) -> Forms {
    let mut forms = Forms {
        keys: [0; Forms::MAX],
        n: 0,
    };
    forms.push(word_key);
    // (prefix to put back, rest) of each form, for the nisba step.
    let mut parts: [(&str, &str); 5] = [("", text); 5];
    let mut np = 1;
    // و or ف, then ب ك or ل: وبالرياض، فللسعودية.
    let conj = text
        .strip_prefix(['و', 'ف'])
        .filter(|r| r.chars().count() >= 3);
    for (k, w) in [Some(text), conj].into_iter().enumerate() {
        let Some(w) = w else { continue };
        if w.chars().count() <= 3 {
            continue;
        }
        if k == 1 {
            forms.push(key(w));
            if let Some(p) = parts.get_mut(np) {
                *p = ("", w);
                np += 1;
            }
        }
        if let Some(rest) = w.strip_prefix("لل") {
            forms.push(key_of(&["ال", rest]));
            if let Some(p) = parts.get_mut(np) {
                *p = ("ال", rest);
                np += 1;
            }
        } else if let Some(rest) = w.strip_prefix(['ب', 'ك', 'ل']) {
            forms.push(key(rest));
            if let Some(p) = parts.get_mut(np) {
                *p = ("", rest);
                np += 1;
            }
        }
    }
    for &(prefix, rest) in parts.iter().take(np) {
        // The form is prefix + rest; its bare form drops a leading ال.
        let bare = if prefix == "ال" {
            rest
        } else {
            rest.strip_prefix("ال").unwrap_or(rest)
        };
        for suffix in ["ه", "ون", "ين", "ان", ""] {
            if let Some(base) = bare.strip_suffix(suffix)
                && base.ends_with('ي')
                && base.chars().count() >= 3
            {
                forms.push(key(base));
            }
        }
    }
    forms
}

/// The longest gazetteer match starting at `words[i]`: (entry, words used).
fn gazetteer_match(words: &[Word], i: usize) -> Option<(usize, usize)> {
    let g = gazetteer();
    let first = words.get(i)?;
    if !first.hints.has(Hints::GAZETTEER) {
        return None;
    }
    for &form in first_word_forms(&first.text, first.key).as_slice() {
        let Some(list) = g.by_first.get(&form) else {
            continue;
        };
        for (rest, id, latin) in list {
            if *latin && !first.capitalized {
                continue;
            }
            let fits = rest.iter().enumerate().all(|(k, &r)| {
                words
                    .get(i + 1 + k)
                    .is_some_and(|w| w.key == r && !w.after_break)
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
    "المحترف",
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

/// Words of time that end a name: in وأكد المدرب بولوني أمس الأول the name
/// is بولوني, not بولوني أمس الأول.
const NAME_BREAKERS: &[&str] = &[
    "أمس",
    "اليوم",
    "غدا",
    "غداً",
    "الليلة",
    "مساء",
    "صباح",
    "حاليا",
    "أيضا",
    "الماضي",
    "الحالي",
    "المقبل",
    "الجاري",
];

/// Sons and fathers: joined with the next word in a name.
const NAME_LINKS: &[&str] = &["بن", "بنت", "ابن", "عبد", "أبو", "ابو", "آل", "ولد"];

struct Cues {
    person: FxHashSet<u64>,
    fillers: FxHashSet<u64>,
    org: FxHashSet<u64>,
    place: FxHashSet<u64>,
    links: FxHashSet<u64>,
    breakers: FxHashSet<u64>,
    /// عبد and أبو: joined to the next word in a key.
    joiners: FxHashSet<u64>,
}

fn cues() -> &'static Cues {
    static CUES: OnceLock<Cues> = OnceLock::new();
    CUES.get_or_init(|| {
        let set = |l: &[&str]| l.iter().map(|w| key(&fold(w))).collect();
        Cues {
            person: set(PERSON_CUES),
            fillers: set(CUE_FILLERS),
            org: set(ORG_CUES),
            place: set(PLACE_CUES),
            links: set(NAME_LINKS),
            breakers: set(NAME_BREAKERS),
            joiners: set(&["عبد", "أبو", "ابو"]),
        }
    })
}

/// What the entity finder needs to know of a token, whatever text it is
/// in: whether it may start a gazetteer name and which cue lists hold it or
/// its form without a proclitic. Computed once per distinct token (see
/// `tokens::lexeme`), so that each word of a text costs a few bit tests
/// rather than a dozen hash look-ups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Hints(u16);

impl Hints {
    /// One of the word's [`first_word_forms`] starts a gazetteer variant.
    const GAZETTEER: u16 = 1;
    /// The word is a person cue.
    const PERSON: u16 = 1 << 1;
    /// The word is an organization cue.
    const ORG: u16 = 1 << 2;
    /// The word is a place cue.
    const PLACE: u16 = 1 << 3;
    /// The word without its proclitic (when it has one) is a person cue.
    const PERSON_BARE: u16 = 1 << 4;
    /// The word without its proclitic is an organization cue.
    const ORG_BARE: u16 = 1 << 5;
    /// The word without its proclitic is a place cue.
    const PLACE_BARE: u16 = 1 << 6;
    /// The word is a cue filler ([`CUE_FILLERS`]).
    const FILLER: u16 = 1 << 7;
    /// The word is a name link ([`NAME_LINKS`]).
    const LINK: u16 = 1 << 8;
    /// The word joins the next in a name key (عبد، أبو).
    const JOINER: u16 = 1 << 9;

    /// The hints of a match-form token, its key and the key of its form
    /// without a one-letter proclitic (`key` when it has none).
    pub(crate) fn of(text: &str, key: u64, bare: u64) -> Hints {
        let g = gazetteer();
        let c = cues();
        let mut bits = 0;
        let mut set = |bit: u16, on: bool| {
            if on {
                bits |= bit;
            }
        };
        set(
            Self::GAZETTEER,
            first_word_forms(text, key)
                .as_slice()
                .iter()
                .any(|f| g.by_first.contains_key(f)),
        );
        set(Self::PERSON, c.person.contains(&key));
        set(Self::ORG, c.org.contains(&key));
        set(Self::PLACE, c.place.contains(&key));
        let proclitic = bare != key;
        set(Self::PERSON_BARE, proclitic && c.person.contains(&bare));
        set(Self::ORG_BARE, proclitic && c.org.contains(&bare));
        set(Self::PLACE_BARE, proclitic && c.place.contains(&bare));
        set(Self::FILLER, c.fillers.contains(&key));
        set(Self::LINK, c.links.contains(&key));
        set(Self::JOINER, c.joiners.contains(&key));
        Hints(bits)
    }

    fn has(self, bit: u16) -> bool {
        self.0 & bit != 0
    }
}

/// A list of cues, as [`Hints`] bits.
#[derive(Clone, Copy)]
enum CueList {
    Person,
    Org,
    Place,
}

/// When the word is a cue of `list`, alone or after a one-letter proclitic
/// (و ب ل ف ك): the byte length of that proclitic (0 or 2).
fn cue_form(word: &Word, list: CueList) -> Option<usize> {
    let (alone, bare) = match list {
        CueList::Person => (Hints::PERSON, Hints::PERSON_BARE),
        CueList::Org => (Hints::ORG, Hints::ORG_BARE),
        CueList::Place => (Hints::PLACE, Hints::PLACE_BARE),
    };
    if word.hints.has(alone) {
        return Some(0);
    }
    if word.hints.has(bare) {
        return word.text.chars().next().map(char::len_utf8);
    }
    None
}

fn is_cue(word: &Word) -> bool {
    cue_form(word, CueList::Person).is_some()
        || cue_form(word, CueList::Org).is_some()
        || cue_form(word, CueList::Place).is_some()
}

fn is_stop(w: &Word) -> bool {
    !w.number && w.stem.is_none()
}

/// True when `w` can be part of a name after a cue.
fn nameable(w: &Word) -> bool {
    !w.after_break
        && !cues().breakers.contains(&w.key)
        && !w.number
        && !khabar_text::is_stop_word(&w.text)
        && w.text.chars().count() >= 2
        && !is_cue(w)
        && !w.text.is_ascii()
}

/// A person's name starting at `words[j]`: the number of words, or 0.
/// Words without ال make the name; one ال word may close it (منصور البلوي);
/// بن / عبد / أبو join the next word.
fn person_name_len(words: &[Word], j: usize) -> usize {
    let mut n = 0;
    while n < 5 {
        let Some(w) = words.get(j + n) else { break };
        let link = w.hints.has(Hints::LINK);
        if n > 0 && w.after_break || !(nameable(w) || n > 0 && link) {
            break;
        }
        if link {
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
        // A preposition or conjunction on ال (للمواصفات، بالمنطقة، والمحامي)
        // is never part of a name.
        if ["لل", "بال", "وال", "فال", "كال"]
            .iter()
            .any(|p| w.text.starts_with(p))
        {
            break;
        }
        n += 1;
    }
    n
}

/// The key of a name: its words in match form, with a space between them
/// except after عبد and أبو (عبد الخالق = عبدالخالق).
fn name_key(words: &[Word]) -> u64 {
    let mut h = KeyHasher::new();
    let mut join_next = true;
    for w in words {
        if !join_next {
            h.write(" ");
        }
        h.write(&w.text);
        join_next = w.hints.has(Hints::JOINER);
    }
    h.finish()
}

/// The parts of a person's name that identify them on their own: the
/// family name, the last word of a name of two words or more when it has
/// ال (منصور البلوي → البلوي، عبدالله القريني → القريني). Follow-up reports
/// name the same person with another first name, a title or the family
/// name alone; a common family name weighs little by IDF.
fn name_parts(name: &[Word]) -> Vec<u64> {
    match name {
        [_, .., last] if last.text.starts_with("ال") => vec![last.key],
        _ => Vec::new(),
    }
}

/// The byte range of `words` in the display text.
fn span(words: &[Word]) -> Range<usize> {
    match (words.first(), words.last()) {
        (Some(a), Some(b)) => a.start..b.end,
        _ => 0..0,
    }
}

/// Quotation marks that open and close a name, apart from the straight
/// quote `"`, which does both.
const OPEN_QUOTES: [char; 2] = ['«', '“'];
const CLOSE_QUOTES: [char; 2] = ['»', '”'];

/// Arabic outlets put the names of companies, events and campaigns in
/// quotation marks: «سابك», «عربال 2015». A run of one to three words right
/// inside quotation marks, not a stop word, is taken as a name: its length.
/// A straight quote `"` opens or closes a name only when it touches it: in
/// `"لجنة وزارية" تحقق بملف "طالبة تبوك"` the words between two quoted
/// names are not one.
fn quoted_name_len(display: &str, words: &[Word], i: usize) -> Option<usize> {
    let first = words.get(i)?;
    let tight = display.get(..first.start)?;
    let opened = tight.ends_with('"') || tight.trim_end_matches(' ').ends_with(OPEN_QUOTES);
    if !opened {
        return None;
    }
    for n in 1..=3 {
        let w = words.get(i + n - 1)?;
        if n > 1 && w.after_break {
            return None;
        }
        let after = display.get(w.end..)?;
        if after.starts_with('"') || after.trim_start_matches(' ').starts_with(CLOSE_QUOTES) {
            let run = words.get(i..i + n)?;
            let content = run.iter().any(|x| !x.number && !is_stop(x));
            return content.then_some(n);
        }
    }
    None
}

fn known(e: &Entry) -> Mention {
    Mention {
        key: e.key,
        name: Name::Known(e.name),
        kind: e.kind,
        parts: Vec::new(),
    }
}

/// The entity mentions of a text, given its words and the display text they
/// came from. Names point into the display text as [`Name::Text`]; the
/// caller retags a title's as [`Name::Title`].
pub(crate) fn mentions(display: &str, words: &[Word]) -> Vec<Mention> {
    let g = gazetteer();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        if let Some((id, len)) = gazetteer_match(words, i)
            && let Some(e) = g.entries.get(id)
        {
            out.push(known(e));
            i += len;
            continue;
        }
        if let Some(n) = quoted_name_len(display, words, i) {
            let name = &words[i..i + n];
            out.push(Mention {
                key: name_key(name),
                name: Name::Text(span(name)),
                kind: EntityKind::Organization,
                parts: Vec::new(),
            });
            i += n;
            continue;
        }
        if cue_form(w, CueList::Person).is_some() {
            // Skip the office's complement: up to three ال words or fillers.
            // A nationality (الرئيس الأمريكي، اللاعب الغاني) is a place
            // and part of the complement.
            let mut j = i + 1;
            while j < i + 4 {
                let Some(x) = words.get(j) else { break };
                if x.after_break {
                    break;
                }
                let gaz = gazetteer_match(words, j);
                if x.text.starts_with("ال")
                    && let Some((id, 1)) = gaz
                    && let Some(e) = g.entries.get(id)
                    && e.kind == EntityKind::Place
                {
                    out.push(known(e));
                } else if !(x.text.starts_with("ال") && gaz.is_none() || x.hints.has(Hints::FILLER))
                {
                    break;
                }
                j += 1;
            }
            let gaz_next = gazetteer_match(words, j);
            if let Some((id, len)) = gaz_next
                && let Some(e) = g.entries.get(id)
                && e.kind == EntityKind::Person
            {
                out.push(known(e));
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
                    key: name_key(name),
                    name: Name::Text(span(name)),
                    kind: EntityKind::Person,
                    parts: name_parts(name),
                });
                i = j + n;
                continue;
            }
            i += 1;
            continue;
        }
        let cue = if let Some(skip) = cue_form(w, CueList::Org) {
            Some((EntityKind::Organization, skip))
        } else {
            cue_form(w, CueList::Place).map(|skip| (EntityKind::Place, skip))
        };
        if let Some((kind, skip)) = cue {
            // The complement: one or two words, ال words or a gazetteer name.
            let mut n = 0;
            while n < 2 {
                let Some(x) = words.get(i + 1 + n) else { break };
                if x.after_break || x.number || is_stop(x) || x.text.is_ascii() || is_cue(x) {
                    break;
                }
                if n > 0 && !x.text.starts_with("ال") {
                    break;
                }
                n += 1;
            }
            if n > 0 {
                let mut h = KeyHasher::new();
                h.write(w.text.get(skip..).unwrap_or_default());
                for x in &words[i + 1..i + 1 + n] {
                    h.write(" ");
                    h.write(&x.text);
                }
                // Show without the proclitic the cue word carried.
                let lead = if skip > 0 {
                    display
                        .get(w.start..)
                        .and_then(|s| s.chars().next())
                        .map_or(0, char::len_utf8)
                } else {
                    0
                };
                let mut name = span(&words[i..i + 1 + n]);
                name.start += lead;
                out.push(Mention {
                    key: h.finish(),
                    name: Name::Text(name),
                    kind,
                    parts: Vec::new(),
                });
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
            let skip_leading = run.iter().take_while(|x| is_stop(x)).count();
            let run = &run[skip_leading..];
            if run.len() >= 2 || run.len() == 1 && !run[0].after_break {
                let kind = if run.len() >= 2 && run.len() <= 3 {
                    EntityKind::Person
                } else {
                    EntityKind::Organization
                };
                let mut h = KeyHasher::new();
                for (k, x) in run.iter().enumerate() {
                    if k > 0 {
                        h.write(" ");
                    }
                    h.write(&x.text);
                }
                out.push(Mention {
                    key: h.finish(),
                    name: Name::Text(span(run)),
                    kind,
                    parts: Vec::new(),
                });
            }
            i += n.max(1);
            continue;
        }
        i += 1;
    }
    out
}

/// True when `words[i]` is a nationality: an ال word that is a one-word
/// gazetteer place (الغاني، الأمريكي).
fn is_nationality(words: &[Word], i: usize) -> bool {
    words.get(i).is_some_and(|w| w.text.starts_with("ال"))
        && gazetteer_match(words, i).is_some_and(|(id, len)| {
            len == 1
                && gazetteer()
                    .entries
                    .get(id)
                    .is_some_and(|e| e.kind == EntityKind::Place)
        })
}

/// Names the title gives that the text confirms: a title word (not a stop
/// word, without ال) that the text has as the first word of a person's name
/// after an office cue, or right after a nationality (اللاعب الغاني مونتاري،
/// بعد الغاني مونتاري), or a title word that is the family name of a person
/// the text names (القريني يرفض … / عضو الشرف عبدالله القريني). A name
/// transliterated from another language is rarely in the gazetteer and
/// often has no cue in the title (مونتاري يوافق على عرض الاتحاد), yet the
/// title names the event's subject. Each is a person mention of one word,
/// its range in the title.
pub(crate) fn title_names(
    title_words: &[Word],
    text_words: &[Word],
    text_mentions: &[Mention],
) -> Vec<Mention> {
    // The title's candidate words and the keys under which the text may
    // confirm each; the text is read only for those keys.
    let candidates: Vec<(&Word, [u64; 2])> = title_words
        .iter()
        .filter(|w| !w.number && w.stem.is_some() && nameable_in_title(w))
        .map(|w| (w, [w.key, w.bare]))
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    let wanted = |k: u64| candidates.iter().any(|(_, ks)| ks.contains(&k));
    let mut confirmed: Vec<u64> = Vec::new();
    let mut families: Vec<u64> = Vec::new();
    for m in text_mentions {
        if let (EntityKind::Person, Name::Text(r)) = (m.kind, &m.name) {
            let at = text_words.partition_point(|w| w.start < r.start);
            if let Some(w) = text_words.get(at)
                && wanted(w.key)
            {
                confirmed.push(w.key);
            }
            families.extend(m.parts.iter().copied().filter(|&k| wanted(k)));
        }
    }
    for (k, w) in text_words.iter().enumerate().skip(1) {
        if wanted(w.key)
            && !w.after_break
            && !w.text.starts_with("ال")
            && nameable(w)
            && is_nationality(text_words, k - 1)
        {
            confirmed.push(w.key);
        }
    }
    let mut out: Vec<Mention> = Vec::new();
    for (w, [key, bare]) in candidates {
        // A family name (القريني) stands alone in a title.
        let k = if w.text.starts_with("ال") {
            families.contains(&key).then_some(key)
        } else {
            [key, bare].into_iter().find(|k| confirmed.contains(k))
        };
        if let Some(k) = k
            && !out.iter().any(|m| m.key == k)
        {
            out.push(Mention {
                key: k,
                name: Name::Text(w.start..w.end),
                kind: EntityKind::Person,
                parts: Vec::new(),
            });
        }
    }
    out
}

/// [`nameable`] without the break test (a title word after punctuation,
/// as in حسمت الصفقة.. مونتاري اتحادي, may be a name).
fn nameable_in_title(w: &Word) -> bool {
    !cues().breakers.contains(&w.key)
        && !w.number
        && !khabar_text::is_stop_word(&w.text)
        && w.text.chars().count() >= 3
        && !is_cue(w)
        && !w.text.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::words;

    fn keys(text: &str) -> Vec<(u64, EntityKind)> {
        mentions(text, &words(text, usize::MAX))
            .into_iter()
            .map(|m| (m.key, m.kind))
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        mentions(text, &words(text, usize::MAX))
            .iter()
            .map(|m| m.name.resolve(None, text).to_string())
            .collect()
    }

    fn key_of_name(name: &str) -> u64 {
        key(&fold(name))
    }

    #[test]
    fn gazetteer_variants_merge() {
        let a = keys("قصفت الطائرات مواقع في سورية وقال المسؤول الأميركي");
        let b = keys("وفي سوريا، أكد المسؤول الأمريكي");
        assert_eq!(a, b);
        assert_eq!(a[0].0, key_of_name("سوريا"));
        assert_eq!(a[1].0, key_of_name("الولايات المتحدة"));
        let c = keys("هاجم تنظيم الدولة الإسلامية مواقع قرب الرمادي");
        let d = keys("هاجم مسلحو داعش مواقع قرب الرمادي");
        assert_eq!(c, d);
    }

    #[test]
    fn longest_match_and_proclitics() {
        let k = keys("وصل الوفد إلى المملكة العربية السعودية وبالرياض");
        assert_eq!(k[0].0, key_of_name("السعودية"));
        assert_eq!(k[1].0, key_of_name("الرياض"));
        assert_eq!(keys("قال مسؤول للسعودية")[0].0, key_of_name("السعودية"));
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
            k.contains(&(key_of_name("عادل الجبير"), EntityKind::Person)),
            "{k:?}"
        );
        let text = "المتحدث الرسمي باسم وزارة الداخلية اللواء منصور التركي";
        let k = keys(text);
        assert!(
            k.contains(&(key_of_name("وزارة الداخلية"), EntityKind::Organization)),
            "{k:?}"
        );
        assert!(
            k.contains(&(key_of_name("منصور التركي"), EntityKind::Person)),
            "{k:?}"
        );
        assert!(names(text).contains(&"منصور التركي".to_string()));
        let a = keys("اعتقال القيادي عبد الخالق الحوثي، قال الشيخ عبد الخالق الحوثي");
        let b = keys("قال الشيخ عبدالخالق الحوثي");
        assert_eq!(a.last(), b.last());
    }

    #[test]
    fn family_names_are_parts_of_person_names() {
        let parts = |text: &str| -> Vec<u64> {
            mentions(text, &words(text, usize::MAX))
                .into_iter()
                .flat_map(|m| m.parts)
                .collect()
        };
        let a = parts("قال عضو الشرف عبدالله القريني إنه لن يترشح لرئاسة النادي");
        let b = parts("وأكد نائب الرئيس فهد القريني أن باب الترشح يفتح غدا");
        assert_eq!(a, [key_of_name("القريني")]);
        assert_eq!(a, b, "one family under two first names");
        // A name without a family word, and a one-word name, have no part.
        assert!(parts("وقال المدرب بولوني للصحفيين").is_empty());
        assert!(parts("وقال مدير الفريق خالد بن سعد للصحفيين").is_empty());
        // Parts are not names of their own: the view lists the full name.
        let text = "قال عضو الشرف عبدالله القريني";
        assert_eq!(names(text), ["عبدالله القريني"]);
    }

    #[test]
    fn straight_quotes_touch_the_names_they_hold() {
        let text = r#"قالت مصادر إن "لجنة وزارية" تحقق بملف "طالبة تبوك" منذ أمس"#;
        let n = names(text);
        assert!(n.contains(&"طالبة تبوك".to_string()), "{n:?}");
        assert!(!n.iter().any(|x| x.contains("تحقق")), "{n:?}");
        // Guillemets may stand apart from the name.
        assert_eq!(names("وقعت « سابك » العقد"), ["سابك"]);
    }

    #[test]
    fn construct_nouns_give_organizations_and_places() {
        let text = "أصدرت جامعة تبوك بيانا عن حادث في مطار جدة، وأكدت وزارة التعليم وجامعة تبوك";
        let k = keys(text);
        assert!(
            k.contains(&(key_of_name("جامعة تبوك"), EntityKind::Organization)),
            "{k:?}"
        );
        assert!(
            k.contains(&(key_of_name("مطار جدة"), EntityKind::Place)),
            "{k:?}"
        );
        // The proclitic is neither in the key nor in the name shown.
        let n = names(text);
        assert_eq!(n.iter().filter(|x| *x == "جامعة تبوك").count(), 2, "{n:?}");
    }

    #[test]
    fn latin_capitals_give_names() {
        let text = "The meeting in Vienna was chaired by Federica Mogherini on Tuesday.";
        let k = keys(text);
        assert!(
            k.contains(&(key_of_name("النمسا"), EntityKind::Place)),
            "{k:?}"
        );
        assert!(
            k.contains(&(key("federica mogherini"), EntityKind::Person)),
            "{k:?}"
        );
        assert!(!k.iter().any(|(x, _)| *x == key("the")));
        assert!(names(text).contains(&"Federica Mogherini".to_string()));
    }

    #[test]
    fn a_nationality_after_an_office_is_a_place_and_the_name_follows() {
        let text = "واجتمع المدرب الروماني لازلو بولوني مع اللاعب الغاني مونتاري في ميلانو";
        let k = keys(text);
        for (name, kind) in [
            ("رومانيا", EntityKind::Place),
            ("لازلو بولوني", EntityKind::Person),
            ("غانا", EntityKind::Place),
            ("مونتاري", EntityKind::Person),
        ] {
            assert!(k.contains(&(key_of_name(name), kind)), "{name}: {k:?}");
        }
    }

    #[test]
    fn names_end_before_time_words_and_prepositions_on_al() {
        assert_eq!(
            names("وأكد المدرب بولوني أمس أن التدريبات مستمرة"),
            ["بولوني"]
        );
        // رئيس الهيئة السعودية للمواصفات: an office, a nationality, then
        // a common noun: no person.
        let text = "وقال رئيس الهيئة السعودية للمواصفات إن الحملة مستمرة";
        let k = keys(text);
        assert!(
            !k.iter().any(|(_, kind)| *kind == EntityKind::Person),
            "{:?}",
            names(text)
        );
    }

    #[test]
    fn the_text_confirms_a_name_the_title_gives() {
        let named = |title: &str, text: &str| -> Vec<u64> {
            let tw = words(title, usize::MAX);
            let xw = words(text, usize::MAX);
            title_names(&tw, &xw, &mentions(text, &xw))
                .into_iter()
                .map(|m| m.key)
                .collect()
        };
        let title = "مونتاري يوافق على عرض الاتحاد";
        // After a nationality alone, or after an office.
        assert_eq!(
            named(title, "وقال مصدر إن الغاني مونتاري وصل إلى جدة"),
            [key("مونتاري")]
        );
        assert_eq!(
            named(title, "واجتمع المحترف مونتاري بالمدرب"),
            [key("مونتاري")]
        );
        // A family name of a person the text names by office.
        assert_eq!(
            named(
                "القريني يرفض رئاسة الشباب",
                "وقال عضو الشرف عبدالله القريني إنه لن يترشح"
            ),
            [key("القريني")]
        );
        // A title word the text does not give as a name is not one.
        assert!(named(title, "وافق اللاعب على عرض النادي أمس").is_empty());
        assert!(named("الاتحاد يوافق على العرض", "وقال الغاني مونتاري").is_empty());
    }
}
