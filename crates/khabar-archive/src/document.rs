//! The story document of DESIGN.md: a story (its members and view) with the
//! near-duplicate groups and the reuse pairs found among its articles. `khabar
//! run` prints it, the archive stores it, `khabar stories` and the server read
//! it back.
//!
//! Does not: cluster, fingerprint or align; it puts together what those
//! stages found.

use khabar_dedup::ReusePair;
use khabar_story::Story;
use serde::{Deserialize, Serialize};

/// One story as the stories document shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryDocument {
    /// Id, members, headline, summary, entities, sources, time span.
    #[serde(flatten)]
    pub story: Story,
    /// Near-duplicate groups among the story's articles (two or more ids
    /// each, in insertion order).
    #[serde(default)]
    pub duplicates: Vec<Vec<String>>,
    /// Pairs of the story's articles that share passages, with the likely
    /// origin when publication times are known.
    #[serde(default)]
    pub reuse: Vec<ReusePair>,
}

impl StoryDocument {
    /// A document with no duplicates and no reuse yet.
    pub fn new(story: Story) -> Self {
        StoryDocument {
            story,
            duplicates: Vec::new(),
            reuse: Vec::new(),
        }
    }
}

/// Splits near-duplicate groups along story lines: each story gets the
/// members of each group that it holds, when it holds two or more.
///
/// `groups` are groups of article numbers; `story_of[article]` is the story
/// (an index into the result) the article belongs to, `None` when it is in
/// none; `id_of(article)` gives its id. Copies the clusterer put in different
/// stories give each story the part it holds.
pub fn duplicates_by_story<'a>(
    groups: &[Vec<usize>],
    story_of: &[Option<usize>],
    stories: usize,
    id_of: impl Fn(usize) -> Option<&'a str>,
) -> Vec<Vec<Vec<String>>> {
    let mut out: Vec<Vec<Vec<String>>> = vec![Vec::new(); stories];
    for group in groups {
        let mut by_story: Vec<(usize, Vec<String>)> = Vec::new();
        for &article in group {
            let (Some(s), Some(id)) = (story_of.get(article).copied().flatten(), id_of(article))
            else {
                continue;
            };
            match by_story.iter_mut().find(|(t, _)| *t == s) {
                Some((_, members)) => members.push(id.to_string()),
                None => by_story.push((s, vec![id.to_string()])),
            }
        }
        for (s, members) in by_story {
            if let (true, Some(slot)) = (members.len() > 1, out.get_mut(s)) {
                slot.push(members);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_split_along_stories() {
        let ids = ["a", "b", "c", "d", "e"];
        // One group of four spread over two stories, one pair inside story 1,
        // and a pair whose second copy is in no story.
        let groups = vec![vec![0, 1, 2, 3], vec![3, 4]];
        let story_of = vec![Some(0), Some(0), Some(1), Some(1), None];
        let split = duplicates_by_story(&groups, &story_of, 2, |i| ids.get(i).copied());
        assert_eq!(split[0], vec![vec!["a".to_string(), "b".to_string()]]);
        assert_eq!(split[1], vec![vec!["c".to_string(), "d".to_string()]]);
    }

    #[test]
    fn story_document_round_trips_through_json() {
        let view = khabar_story::describe(&[&khabar_story::StoryInput::new(
            "sana-1",
            "بحث الرئيس السوري في اتصال هاتفي مع نظيره الروسي الأوضاع في المنطقة.",
        )
        .with_title("اتصال هاتفي بين الرئيسين")]);
        let doc = StoryDocument {
            story: Story {
                id: "s1".into(),
                articles: vec!["sana-1".into()],
                indices: Vec::new(),
                view,
            },
            duplicates: vec![vec!["sana-1".into(), "sana-2".into()]],
            reuse: Vec::new(),
        };
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["headline"], "اتصال هاتفي بين الرئيسين");
        assert_eq!(json["articles"][0], "sana-1");
        let back: StoryDocument = serde_json::from_value(json).unwrap();
        assert_eq!(back, doc);
    }
}
