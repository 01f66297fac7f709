//! [`Contact`]: a writer's e-mail address or SMS-contact block.

use std::sync::LazyLock;

use super::{Context, LineRule};
use crate::Rule;
use crate::line::{Line, key, keys};

/// Removes the contact lines a columnist's piece ends with.
///
/// Matches
/// - in the second half of the article's text (`Context::tail`), a line that is one e-mail address
///   (`name@host.tld`), alone or after a short contact label (للتواصل,
///   لمراسلة الكاتب, البريد الإلكتروني, بريد, Email, E-mail, Contact, each
///   with an optional `:`): "alrashed@example.com",
///   "للتواصل : writer@example.com";
/// - a line of at most 40 words whose [key](crate::line::key) contains the
///   word `sms` and either starts with للتواصل or contains رسالة sms: the
///   SMS prompt "للتواصل مع الكاتب ارسل رسالة SMS", "للتواصل أرسل sms إلى 88548".
///
/// After an SMS prompt, up to [`MAX_BLOCK`](super::MAX_BLOCK) lines of the
/// same block go with it (see [`LineRule::continues`]): a line of at most
/// 15 words with the code instruction (بالرمز, or مسافة with الرسالة:
/// "تبدأ بالرمز (120) ثم مسافة ثم نص الرسالة إلى"), or a line of at most 8
/// words of numbers and at least one operator name, nothing else (Stc, Mobily, Zain,
/// الاتصالات, موبايلي, زين, أو): "88591 - Stc", "الاتصالات ،636250 موبايلي، 738303".
#[derive(Debug, Clone, Copy)]
pub(crate) struct Contact;

static LABELS: LazyLock<Vec<String>> = LazyLock::new(|| {
    keys(&[
        "للتواصل",
        "لمراسلة الكاتب",
        "البريد الإلكتروني",
        "بريد",
        "Email",
        "E-mail",
        "Contact",
    ])
});

static OPERATORS: LazyLock<Vec<String>> =
    LazyLock::new(|| keys(&["stc", "mobily", "zain", "الاتصالات", "موبايلي", "زين", "أو"]));

static REACH: LazyLock<String> = LazyLock::new(|| key("للتواصل"));
static SMS_MESSAGE: LazyLock<String> = LazyLock::new(|| key("رسالة sms"));
static CODE: LazyLock<String> = LazyLock::new(|| key("بالرمز"));
static SPACE: LazyLock<String> = LazyLock::new(|| key("مسافة"));
static MESSAGE: LazyLock<String> = LazyLock::new(|| key("الرسالة"));

/// True when `word` is one e-mail address: one `@` with a non-empty local
/// part before it, and a host with a dot and no empty label after it.
fn is_email(word: &str) -> bool {
    let Some((local, host)) = word.split_once('@') else {
        return false;
    };
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    !local.is_empty()
        && local.chars().all(ok)
        && host.contains('.')
        && host.split('.').all(|l| !l.is_empty())
        && host.chars().all(ok)
}

/// True for a line that is an e-mail address, alone or after a contact label.
fn is_email_line(line: &Line<'_>) -> bool {
    let Some(last) = line.text.split_whitespace().next_back() else {
        return false;
    };
    if !is_email(last.trim_end_matches('.')) {
        return false;
    }
    let label = key(line.text.strip_suffix(last).unwrap_or_default());
    label.is_empty() || LABELS.contains(&label)
}

/// True for the SMS prompt line.
fn is_sms_prompt(line: &Line<'_>) -> bool {
    line.words <= 40
        && line.contains_ascii_ci("sms")
        && line.key().split(' ').any(|w| w == "sms")
        && (line.key().starts_with(REACH.as_str()) || line.key().contains(SMS_MESSAGE.as_str()))
}

impl LineRule for Contact {
    fn rule(&self) -> Rule {
        Rule::Contact
    }

    fn matches(&self, line: &Line<'_>, ctx: &Context<'_>) -> bool {
        (ctx.tail && is_email_line(line)) || is_sms_prompt(line)
    }

    fn continues(&self, line: &Line<'_>) -> bool {
        let words: Vec<&str> = line.key().split(' ').collect();
        let instruction = line.words <= 15
            && (words.contains(&CODE.as_str())
                || (words.contains(&SPACE.as_str()) && words.contains(&MESSAGE.as_str())));
        if instruction {
            return true;
        }
        // Numbers and operator names: digits and punctuation become spaces.
        let names: String = line
            .key()
            .chars()
            .map(|c| if c.is_alphabetic() { c } else { ' ' })
            .collect();
        let mut names = names.split_whitespace().peekable();
        line.words <= 8
            && line.text.chars().any(|c| c.is_numeric())
            && names.peek().is_some()
            && names.all(|w| OPERATORS.iter().any(|o| o == w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::removes;

    fn tail() -> Context<'static> {
        Context {
            tail: true,
            ..Context::arabic()
        }
    }

    #[test]
    fn removes_an_email_alone_at_the_end() {
        for line in [
            "s.alharbi@example.com",
            "للتواصل : writer.name@example.com.sa",
            "لمراسلة الكاتب: fahad_q@example.net",
            "Email: n.qasim@example.org",
        ] {
            assert!(removes(&Contact, line, &tail()), "should remove {line:?}");
            assert!(
                !removes(&Contact, line, &Context::arabic()),
                "only in the second half: {line:?}"
            );
        }
    }

    #[test]
    fn keeps_sentences_with_an_email() {
        for line in [
            "ويمكن للمتقدمين إرسال طلباتهم إلى jobs@example.gov.sa",
            "للاستفسار: info@example.gov.sa",
            "@saudi_news",
            "a@b",
            "name@host.",
        ] {
            assert!(!removes(&Contact, line, &tail()), "should keep {line:?}");
        }
    }

    #[test]
    fn removes_sms_prompts() {
        let ctx = Context::arabic();
        for line in [
            "للتواصل مع الكاتب ارسل رسالة SMS",
            "للتواصل أرسل sms إلى 88548",
            "writer@example.comللتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (3) ثم مسافة ثم نص الرسالة إلى 88591 - Stc 635031 - Mobily 737221 - Zain",
            "للتواصل أرسل sms إلى 88548 الاتصالات، 636250موبايلي،738303 زين تبدأ بالرمز 161 مسافة ثم الرسالة",
        ] {
            assert!(removes(&Contact, line, &ctx), "should remove {line:?}");
        }
        for line in [
            "وباستثناء مستخدمي خدمة SMS السريعة، فقد نما عدد المشتركين بنسبة 4 في المئة.",
            "وأطلقت الشركة خدمة جديدة للتواصل مع العملاء عبر الرسائل النصية.",
        ] {
            assert!(!removes(&Contact, line, &ctx), "should keep {line:?}");
        }
    }

    #[test]
    fn the_sms_block_continues_with_codes_and_numbers() {
        let continues = |s| Line::new(3, s).is_some_and(|l| Contact.continues(&l));
        for line in [
            "تبدأ بالرمز (120) ثم مسافة ثم نص الرسالة إلى",
            "88591 - Stc",
            "635031 - Mobily",
            "737221 - Zain",
            "الاتصالات ،636250 موبايلي، 738303",
            "زين تبدأ بالرمز 148 مسافة ثم الرسالة",
        ] {
            assert!(continues(line), "should continue {line:?}");
        }
        for line in [
            "وارتفع سهم موبايلي 2 في المئة في تداولات اليوم.",
            "2015",
            "زين",
            "وقال إن الرسالة وصلت بعد مسافة طويلة من الصمت، وأكد أن الحوار مستمر بين الطرفين منذ أسابيع.",
        ] {
            assert!(!continues(line), "should not continue {line:?}");
        }
    }
}
