//! Finding place mentions: gazetteer names, the cue words and directions in front of them,
//! unknown names after strong cues, and containment (X بـY، X في Y، X التابعة لـY).

use crate::data::{CommonUse, Kind, Role};
use crate::{Gazetteer, NameInfo, PlaceId, PlaceMention, Reach};
use rasd_text::NormalizedText;
use std::ops::Range;

/// Proclitics a cue, direction or preposition word may carry (و ف then ب ل), longest first.
const WORD_PROCLITICS: &[&str] = &["وب", "فب", "ول", "فل", "و", "ف", "ب", "ل"];

/// First words of compound toponyms: an unknown name after a cue that starts with one of these
/// takes the next word too (حي عرب جبور، منطقة دار سعد، قرية عين عيسى).
const TOPONYM_HEADS: &[&str] = &[
    "عين",
    "تل",
    "دير",
    "بيت",
    "ابو",
    "ام",
    "بني",
    "بن",
    "راس",
    "كفر",
    "بير",
    "بيار",
    "خان",
    "سوق",
    "مرج",
    "عرب",
    "قصر",
    "باب",
    "دار",
    "سبع",
    "جسر",
    "حي",
    "نبع",
    "تله",
    "ال",
    // Heads of European, American and African names as Arabic writes them (سان برناردينو، لوس
    // أنجلوس، نيو أورليانز، بورت هاركورت، سانت لويس).
    "سان",
    "سانت",
    "سانتا",
    "لوس",
    "لاس",
    "نيو",
    "بورت",
    "فورت",
];

/// Words that cannot begin an unknown place name after a cue: function words, quantifiers and
/// generic nouns that follow cue words in ordinary prose (منطقة ما، مدينة أخرى، قاعدة بيانات).
const NOT_A_NAME: &[&str] = &[
    "من",
    "في",
    "علي",
    "الي",
    "عن",
    "مع",
    "ما",
    "التي",
    "الذي",
    "هذه",
    "هذا",
    "تلك",
    "ذلك",
    "واحده",
    "اخري",
    "اخر",
    "كل",
    "بعض",
    "عده",
    "غير",
    "او",
    "ثم",
    "قد",
    "لا",
    "لم",
    "لن",
    "ان",
    "انه",
    "بيانات",
    "جديده",
    "جديد",
    "كبيره",
    "صغيره",
    "قريبه",
    "بعيده",
    "اخري",
    "امنه",
    "عازله",
    "امنيه",
    "واسعه",
    "ثانيه",
    // Adjectives that describe an unnamed place (حي شعبي، منطقة سكنية، قرية حدودية).
    "قريب",
    "مجاور",
    "مجاوره",
    "شعبي",
    "شعبيه",
    "سكني",
    "سكنيه",
    "حدودي",
    "حدوديه",
    "نايي",
    "ناييه",
    "ريفيه",
    "جبليه",
    "صحراويه",
    "مكتظ",
    "مكتظه",
    "اولي",
    "تابعه",
    "داخل",
    "خارج",
    "قرب",
    "بين",
    "عند",
    "حيث",
    "نفسها",
    "نفسه",
    "الحدث",
    "الاشتباكات",
    "المعارك",
    "العمليات",
    "الحادث",
    "الهجوم",
    "القصف",
    "الانفجار",
    // An act after منفذ "perpetrator of" (منفذ الهجوم، منفذ تفجير المسجد), which is also the
    // cue "border post" (منفذ الوديعة).
    "هجوم",
    "تفجير",
    "التفجير",
    "عمليه",
    "العمليه",
    "اعتداء",
    "الاعتداء",
    "جريمه",
    "الجريمه",
    // Verbs that follow منطقة/مدينة as a subject (منطقة تمتد، مدينة تقع).
    "تمتد",
    "تقع",
    "يقع",
    "توجد",
    "يوجد",
    "تضم",
    "يضم",
    "تشهد",
    "يشهد",
    "تعد",
    "يعد",
    "تعتبر",
    "تسيطر",
    "يسيطر",
    "كانت",
    "كان",
    "تحت",
    "تحولت",
    "باتت",
    "اصبحت",
    "شهدت",
    "تعرضت",
    // Actors: حيّا "saluted" is written like حي (حي الحوثي، حي داعش).
    "داعش",
    "الحوثي",
    "الحوثيين",
    "المقاومه",
    "الجيش",
    "القوات",
    "الشعب",
];

/// Definite adjectives and participles that follow a place name to describe it, not to name
/// it (مدينة سيفاري الاستراتيجية الواقعة ...، بلدة الفوعة الموالية، قرية مالاري القريبة): an
/// unknown name after a cue does not take them in. (الشرقية، الكبرى، الجديدة and the like
/// do name places: حصيبة الشرقية.)
const DESCRIBES_A_PLACE: &[&str] = &[
    "القريبه",
    "القريب",
    "المجاوره",
    "المجاور",
    "الواقعه",
    "الواقع",
    "الخاضعه",
    "الخاضع",
    "المواليه",
    "الموالي",
    "المحاصره",
    "المحاصر",
    "التابعه",
    "التابع",
    "الاستراتيجيه",
    "الاستراتيجي",
    "الحدوديه",
    "الحدودي",
    "المحتله",
    "المحتل",
    "المحرره",
    "المحرر",
    "الشهيره",
    "المعروفه",
    "المذكوره",
    "المنكوبه",
    "الساحليه",
    "الساحلي",
    "الجبليه",
    "الناييه",
    "النايي",
    "الريفيه",
    "المكتظه",
    "الهادييه",
    "المضطربه",
];

/// What licenses a name as a place, from what stands right before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Licence {
    /// A cue word (مدينة، ولاية، حي).
    Cue,
    /// A preposition or direction word (في، قرب، شمال).
    Word,
    /// The proclitic ب or ل (بحلب، لحلب).
    Proclitic,
    /// Nothing.
    None,
}

/// A name match kept after gating, before the mention is assembled.
struct NameHit {
    /// The places the name may stand for here.
    candidates: Vec<PlaceId>,
    /// Whether a cue word stands before it.
    cue: bool,
    /// What licenses it as a place.
    licence: Licence,
    /// Phrase range in the normalized text (no proclitics).
    name: Range<usize>,
    /// Token range (with proclitics).
    token: Range<usize>,
    proclitics_len: usize,
}

/// Whether `name`, written bare right after `previous`, reads as an adjective agreeing with
/// it: an indefinite nisba in the feminine (…ية) after an indefinite feminine or plural noun
/// (…ة، …ات). مظاهرات سلمية "peaceful demonstrations" is not Salamiyah, قوات سورية "Syrian forces"
/// not Syria. (Definite pairs are left alone: الطائرات اللاذقية may be a verb's subject and
/// object, and the gazetteer's definite adjectives are in geo_stopwords.tsv.) Normalized text:
/// ة is written ه.
fn agrees_as_adjective(previous: &str, name: &str) -> bool {
    let indefinite = |w: &str| !w.starts_with("ال");
    name.ends_with("يه")
        && !name.contains(' ')
        && indefinite(name)
        && indefinite(previous)
        && previous.chars().count() >= 3
        && (previous.ends_with("ات") || previous.ends_with('ه'))
}

/// Byte ranges of the words (runs of letters and digits) of the normalized text.
fn word_ranges(norm: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(norm.len() / 10 + 1);
    let mut start = None;
    for (i, c) in norm.char_indices() {
        if crate::is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
    }
    if let Some(s) = start {
        out.push(s..norm.len());
    }
    out
}

/// Whether only spaces lie between two offsets.
fn only_spaces(norm: &str, range: Range<usize>) -> bool {
    norm.get(range)
        .is_some_and(|g| g.chars().all(char::is_whitespace))
}

impl Gazetteer {
    /// Whether place `id` may be what name `info` stands for, by what stands before it. See
    /// [`crate::HOME_COUNTRIES`].
    fn may_name(&self, id: PlaceId, info: &NameInfo, licence: Licence) -> bool {
        let reach = self
            .reach
            .get(id.0 as usize)
            .copied()
            .unwrap_or(Reach::Abroad);
        match reach {
            Reach::Home => !info.small || licence != Licence::None,
            // A common word is a place abroad for nobody, cue or not (منطقة رأس عيسى is not
            // Ross, Ohio), but a city of a million after its cue (مدينة كانو; كانو alone is also
            // a spelling of كانوا "they were").
            _ if info.common == Some(CommonUse::Word) => {
                reach == Reach::WorldCity && licence == Licence::Cue
            }
            // A person's name is a town after its cue or a preposition (مدينة فيرجسون، في
            // فيرجسون); bare, it is the person (المدرب فيرجسون).
            _ if info.common == Some(CommonUse::Person) => {
                matches!(licence, Licence::Cue | Licence::Word)
            }
            _ if licence == Licence::Cue => true,
            Reach::WorldCity => true,
            // A small town abroad after a preposition word; not after the proclitic alone,
            // which splits foreign names and words alike (باتريك، لديك: ب + اتريك، ل + ديك).
            Reach::Abroad => {
                licence == Licence::Word
                    || self.place(id).population >= crate::SMALL_POPULATION_ABROAD
            }
        }
    }

    /// Drops the readings abroad whose country the document does not name (by a country name,
    /// a nationality adjective such as الجيش النيجيري, or another place of certain reading),
    /// unless a cue word of their kind stands before the name (`cued`; مدينة before a town,
    /// ولاية before a province: إقليم كشمير is not Cashmere, Washington) and the place is no
    /// small town (قرية بيتا in a report from Nigeria is a village of Borno the gazetteer
    /// lacks, not Pietà, Malta). A mention without a
    /// cue left with no reading is no place (أوباما is a town in Japan; the President is
    /// meant). A name with no word before it (بكاري، كاري) needs more: its country must be the
    /// one the document names most, since a person's name so often spells a town abroad
    /// (حاكم المنطقة مدجياوا بكاري in a report from Cameroon is not Cary, North Carolina, though
    /// the report names the United States once). World cities keep their readings. And a small
    /// town of the region named bare, in a report about a country abroad that names no other
    /// place of the town's country, is no place either (فندق بيبلوس in a report from Mali is
    /// a hotel, not Byblos; بماكو, a misspelt Bamako, is not ب + Maku, Iran).
    fn require_support(
        &self,
        norm: &str,
        words: &[Range<usize>],
        mentions: &mut Vec<PlaceMention>,
        licences: &[Licence],
    ) {
        let cued: Vec<bool> = licences.iter().map(|&l| l == Licence::Cue).collect();
        let bare: Vec<bool> = licences
            .iter()
            .map(|l| matches!(l, Licence::Proclitic | Licence::None))
            .collect();
        let reach = |id: &PlaceId| {
            self.reach
                .get(id.0 as usize)
                .copied()
                .unwrap_or(Reach::Abroad)
        };
        let unsupported = |m: &PlaceMention, cued: bool, id: &PlaceId| {
            let place = self.place(*id);
            let small = self.kinds.get(id.0 as usize) == Some(&Kind::City)
                && place.population < crate::SMALL_POPULATION_ABROAD;
            reach(id) == Reach::Abroad
                && !(cued && !small && m.cue_precision.is_none_or(|p| p == place.precision))
        };
        // A small town of the region named bare (بيبلوس، بماكو read ب + ماكو) in a report about
        // a country abroad.
        let small_home = |id: &PlaceId| {
            reach(id) == Reach::Home
                && match self.kinds.get(id.0 as usize) {
                    Some(Kind::City) => {
                        self.place(*id).population < crate::SMALL_POPULATION_NON_ARABIC
                    }
                    Some(Kind::Admin2 | Kind::Neighbourhood) => true,
                    _ => false,
                }
        };
        let needs: Vec<bool> = mentions
            .iter()
            .zip(&cued)
            .map(|(m, &cued)| m.candidates.iter().any(|id| unsupported(m, cued, id)))
            .collect();
        let doubtful: Vec<bool> = mentions
            .iter()
            .zip(&bare)
            .map(|(m, &bare)| {
                bare && m.adjective_country.is_none() && m.candidates.iter().any(small_home)
            })
            .collect();
        let abroad = || {
            mentions.iter().any(|m| {
                m.candidates.iter().any(|id| {
                    reach(id) != Reach::Home
                        || !crate::HOME_COUNTRIES.contains(&self.place(*id).country.as_str())
                })
            })
        };
        let check_home = doubtful.contains(&true) && abroad();
        if !needs.contains(&true) && !check_home {
            return;
        }
        let mut named: Vec<&str> = words
            .iter()
            .filter_map(|w| self.adjective_country(norm.get(w.clone()).unwrap_or("")))
            .collect();
        // Per mention: the country it names itself, if any. A doubtful mention names none:
        // the two mentions of بيبلوس do not make a report from Mali one about Lebanon.
        let mut own: Vec<Option<&str>> = Vec::with_capacity(mentions.len());
        for ((m, &needs), &doubtful) in mentions.iter().zip(&needs).zip(&doubtful) {
            if let Some(c) = &m.adjective_country {
                named.push(c);
            }
            let Some(&first) = m.candidates.first() else {
                own.push(None);
                continue;
            };
            let country = self.place(first).country.as_str();
            let one_country = m
                .candidates
                .iter()
                .all(|&id| self.place(id).country == country);
            if self.kinds.get(first.0 as usize) == Some(&Kind::Country)
                || (!needs && !doubtful && one_country)
            {
                named.push(country);
                own.push(Some(country));
            } else {
                own.push(None);
            }
        }
        let times = |country: &str| named.iter().filter(|c| **c == country).count();
        let most = named.iter().map(|c| times(c)).max().unwrap_or(0);
        // The document is about a country abroad: one named at least twice and more than any
        // country of the region.
        let foreign_focus = check_home
            && most >= 2
            && named
                .iter()
                .filter(|c| times(c) == most)
                .all(|c| !crate::HOME_COUNTRIES.contains(c));
        let own: Vec<Option<String>> = own.into_iter().map(|c| c.map(str::to_owned)).collect();
        let named: Vec<String> = named.into_iter().map(str::to_owned).collect();
        let times = |country: &str| named.iter().filter(|c| *c == country).count();
        let mut i = 0;
        mentions.retain_mut(|m| {
            let (needs, cued, bare) = (needs[i], cued[i], bare[i]);
            let doubtful = doubtful[i] && foreign_focus;
            let own = own[i].as_deref();
            i += 1;
            if !needs && !doubtful {
                return true;
            }
            let before = std::mem::take(&mut m.candidates);
            m.candidates = before
                .into_iter()
                .filter(|id| {
                    let country = self.place(*id).country.as_str();
                    if doubtful && small_home(id) {
                        // Named by some other word of the document, not by itself.
                        return times(country) > usize::from(own == Some(country));
                    }
                    !unsupported(m, cued, id)
                        || if bare {
                            times(country) > 0 && times(country) == most
                        } else {
                            times(country) > 0
                        }
                })
                .collect();
            !m.candidates.is_empty() || m.adjective_country.is_some() || cued
        });
    }

    /// The country of a definite nationality adjective written right after byte `end`
    /// (كانساس الأمريكية), which agrees with the name before it.
    fn adjective_after(&self, norm: &str, words: &[Range<usize>], end: usize) -> Option<String> {
        let next = words.get(words.partition_point(|w| w.start < end))?;
        if !only_spaces(norm, end..next.start) {
            return None;
        }
        let word = norm.get(next.clone())?;
        if !word.starts_with("ال") {
            return None;
        }
        self.adjective_country(word).map(str::to_owned)
    }

    /// The country of a nationality adjective (السوري، الأمريكية، والنيجيريين), if the word is
    /// one (see [`crate::Gazetteer::load`]).
    pub(crate) fn adjective_country(&self, word: &str) -> Option<&str> {
        let look = |w: &str| self.adjectives.get(w).map(String::as_str);
        if word.len() < 6 {
            return None;
        }
        let bare = ["و", "ف"]
            .iter()
            .find_map(|c| word.strip_prefix(c))
            .unwrap_or(word);
        look(bare)
            .or_else(|| look(word))
            .or_else(|| {
                let rest = bare.strip_prefix("لل")?;
                look(&format!("ال{rest}"))
            })
            .or_else(|| look(bare.strip_prefix(['ب', 'ل'])?))
    }

    /// The role of a word, with the byte length of the proclitics in front of its stem.
    pub(crate) fn word_role(&self, word: &str) -> Option<(Role, usize)> {
        if let Some(role) = self.cues.get(word) {
            return Some((*role, 0));
        }
        WORD_PROCLITICS.iter().find_map(|p| {
            let stem = word.strip_prefix(p)?;
            // ب/ل in front of a preposition is not Arabic (بفي); only و/ف may precede those.
            let role = *self.cues.get(stem)?;
            if matches!(role, Role::Preposition | Role::Contain) && p.ends_with(['ب', 'ل']) {
                return None;
            }
            Some((role, p.len()))
        })
    }

    /// Every place mention, in order, non-overlapping (see [`Gazetteer::find_mentions`]).
    pub(crate) fn mentions(&self, text: &NormalizedText) -> Vec<PlaceMention> {
        let norm = text.normalized();
        let words = word_ranges(norm);
        // Index of the word that starts at byte `offset`, if any.
        let word_at = |offset: usize| words.binary_search_by(|w| w.start.cmp(&offset)).ok();
        let word = |i: usize| norm.get(words[i].clone()).unwrap_or("");
        // The word before word `i`, when only spaces separate them.
        let previous = |i: usize| -> Option<usize> {
            let p = i.checked_sub(1)?;
            only_spaces(norm, words[p].end..words[i].start).then_some(p)
        };

        // 1. Gazetteer names, gated by context, leftmost-longest.
        let mut hits: Vec<NameHit> = Vec::new();
        // The word of the last name turned down as an ordinary word, and where that name
        // starts: a shorter reading of the same word behind a proclitic is not taken (وبنين is
        // و + بنين "and boys", not و + ب + نين, a village in Galilee).
        let mut word_not_name: Option<(Range<usize>, usize)> = None;
        for m in self.automaton.find(norm, &words) {
            let token_start = m.token.start;
            if hits.last().is_some_and(|h| h.token.end > token_start) {
                continue;
            }
            if word_not_name
                .as_ref()
                .is_some_and(|(token, start)| *token == m.token && m.name.start > *start)
            {
                continue;
            }
            let Some(info) = self.names.get(m.entry).filter(|info| !info.never) else {
                continue;
            };
            let proclitics = norm.get(m.proclitics.clone()).unwrap_or("");
            let before = word_at(token_start)
                .and_then(previous)
                .and_then(|p| self.word_role(word(p)));
            let cue = matches!(before, Some((Role::Cue(_), _)));
            let licence = if cue {
                Licence::Cue
            } else if before.is_some() {
                Licence::Word
            } else if proclitics.contains('ب') || proclitics.ends_with('ل') {
                Licence::Proclitic
            } else {
                Licence::None
            };
            // A country named like a word (مالي "financial", بنين "sons") is the country after a
            // preposition or a direction too (في مالي، شمال مالي), as a word hardly is.
            let country_after_word = info.needs_cue
                && !cue
                && before.is_some()
                && norm.get(m.name.clone()).map_or(0, |n| n.chars().count())
                    >= crate::MIN_FREE_NAME_LETTERS
                && info
                    .places
                    .iter()
                    .any(|&id| self.kinds.get(id.0 as usize) == Some(&Kind::Country));
            if info.needs_cue && !cue && !country_after_word {
                if norm.get(m.name.clone()).map_or(0, |n| n.chars().count())
                    >= crate::MIN_FREE_NAME_LETTERS
                {
                    word_not_name = Some((m.token.clone(), m.name.start));
                }
                continue;
            }
            if licence == Licence::None {
                let previous_word = word_at(token_start).and_then(previous).map(word);
                let name = norm.get(m.name.clone()).unwrap_or("");
                if previous_word.is_some_and(|p| agrees_as_adjective(p, name)) {
                    continue;
                }
            }
            let candidates: Vec<PlaceId> = info
                .places
                .iter()
                .copied()
                .filter(|&id| {
                    !country_after_word || self.kinds.get(id.0 as usize) == Some(&Kind::Country)
                })
                .filter(|&id| self.may_name(id, info, licence))
                .collect();
            if candidates.is_empty() {
                continue;
            }
            // حماة الوطن، أذان المغرب: a name beside a word that makes it an ordinary noun.
            let name = norm.get(m.name.clone()).unwrap_or("");
            if let Some(context) = self.stop_phrases.get(name) {
                let next = words
                    .get(words.partition_point(|w| w.start < m.name.end))
                    .filter(|w| only_spaces(norm, m.name.end..w.start))
                    .and_then(|w| norm.get(w.clone()));
                let before = word_at(token_start)
                    .and_then(previous)
                    .map(word)
                    .filter(|_| proclitics.is_empty());
                let stem_is = |word: &str, wanted: &String| {
                    word == wanted
                        || WORD_PROCLITICS
                            .iter()
                            .any(|p| word.strip_prefix(p) == Some(wanted.as_str()))
                };
                if next.is_some_and(|n| context.after.iter().any(|f| f == n))
                    || before.is_some_and(|b| context.before.iter().any(|f| stem_is(b, f)))
                {
                    continue;
                }
            }
            hits.push(NameHit {
                candidates,
                cue,
                licence,
                proclitics_len: proclitics.len(),
                name: m.name,
                token: m.token,
            });
        }

        // 2. Cue words and directions in front of each name; unknown names after strong cues.
        let mut out: Vec<PlaceMention> = Vec::with_capacity(hits.len());
        // Per mention: what licenses it as a place.
        let mut licences: Vec<Licence> = Vec::with_capacity(hits.len());
        let mut hit_iter = hits.into_iter().peekable();
        let mut last_end = 0usize;
        let mut wi = 0usize;
        while wi < words.len() {
            let w = words[wi].clone();
            // A name hit starting at this word.
            if hit_iter.peek().is_some_and(|h| h.token.start < w.end) {
                let Some(hit) = hit_iter.next() else { break };
                let mut start = hit.name.start;
                let mut cue_precision = None;
                // The mention keeps a cue only when the name has no proclitic of its own
                // (حي الكلاسة, not حي بالكلاسة).
                let mut first = word_at(hit.token.start);
                if hit.proclitics_len == 0 {
                    if let Some(p) = first.and_then(previous) {
                        if let Some((Role::Cue(prec), stem)) = self.word_role(word(p)) {
                            if words[p].start >= last_end {
                                start = words[p].start + stem;
                                cue_precision = prec;
                                first = Some(p);
                            }
                        }
                    }
                }
                start = self.extend_directions(norm, &words, first, start, last_end);
                let normalized = start..hit.name.end;
                last_end = hit.token.end;
                let mut candidates = hit.candidates;
                let adjective_country = self.adjective_after(norm, &words, hit.name.end);
                if let Some(country) = &adjective_country {
                    // ولاية كانساس الأمريكية: the readings in that country, if it has any; a
                    // cue word makes the name a place of it even when the gazetteer lacks it.
                    if candidates
                        .iter()
                        .any(|&id| self.place(id).country == *country)
                    {
                        candidates.retain(|&id| self.place(id).country == *country);
                    } else if hit.cue {
                        candidates.clear();
                    }
                }
                licences.push(hit.licence);
                out.push(PlaceMention {
                    span: text.original_span(normalized.clone()),
                    normalized,
                    name_span: text.original_span(hit.name.clone()),
                    candidates,
                    cue_precision,
                    container: None,
                    adjective_country,
                });
                while wi < words.len() && words[wi].start < hit.token.end {
                    wi += 1;
                }
                continue;
            }
            // An unknown name after a strong cue.
            if w.start >= last_end {
                if let Some((Role::Cue(prec), stem)) =
                    self.word_role(norm.get(w.clone()).unwrap_or(""))
                {
                    let next_hit_start = hit_iter.peek().map_or(usize::MAX, |h| h.token.start);
                    // A two-letter name after the cue (محافظة إب), unless it heads a longer
                    // name (قرية أم ولد).
                    let heads_a_name = |n: &Range<usize>| {
                        norm.get(n.clone())
                            .is_some_and(|h| TOPONYM_HEADS.contains(&h))
                            && words
                                .get(wi + 2)
                                .is_some_and(|after| only_spaces(norm, n.end..after.start))
                    };
                    let short = words
                        .get(wi + 1)
                        .filter(|n| n.start < next_hit_start && only_spaces(norm, w.end..n.start))
                        .filter(|n| !heads_a_name(n))
                        .and_then(|n| {
                            Some((n.clone(), *self.short_names.get(norm.get(n.clone())?)?))
                        })
                        .filter(|&(_, e)| self.names.get(e).is_some_and(|info| !info.never));
                    // The mention of a name after this cue (directions before the cue join
                    // it), with the gazetteer's candidates for the name.
                    let cue_mention = |name: &Range<usize>, candidates: Vec<PlaceId>| {
                        let start = self.extend_directions(
                            norm,
                            &words,
                            Some(wi),
                            w.start + stem,
                            last_end,
                        );
                        let normalized = start..name.end;
                        let adjective_country = self.adjective_after(norm, &words, name.end);
                        let mut candidates = candidates;
                        if let Some(country) = &adjective_country {
                            candidates.retain(|&id| self.place(id).country == *country);
                        }
                        PlaceMention {
                            span: text.original_span(normalized.clone()),
                            normalized,
                            name_span: text.original_span(name.clone()),
                            candidates,
                            cue_precision: prec,
                            container: None,
                            adjective_country,
                        }
                    };
                    if let Some((name, entry)) = short {
                        let candidates = self
                            .names
                            .get(entry)
                            .map_or_else(Vec::new, |n| n.places.clone());
                        out.push(cue_mention(&name, candidates));
                        licences.push(Licence::Cue);
                        last_end = name.end;
                        wi += 2;
                        continue;
                    }
                    if let Some(end_word) = self.unknown_name(norm, &words, wi, next_hit_start) {
                        let name = words[wi + 1].start..words[end_word].end;
                        out.push(cue_mention(&name, Vec::new()));
                        licences.push(Licence::Cue);
                        last_end = name.end;
                        wi = end_word + 1;
                        continue;
                    }
                }
            }
            wi += 1;
        }

        // 3. Places abroad named bare need their country named in the document.
        self.require_support(norm, &words, &mut out, &licences);

        // 4. Containment between neighbours.
        for i in 0..out.len().saturating_sub(1) {
            if self.contains_next(norm, &out[i], &out[i + 1]) {
                out[i].container = Some(i + 1);
            }
        }
        out
    }

    /// Moves `start` back over one or two direction words in front of word `first` (شمال شرق
    /// مدينة تعز، شرقي حلب), never before `floor`.
    fn extend_directions(
        &self,
        norm: &str,
        words: &[Range<usize>],
        first: Option<usize>,
        mut start: usize,
        floor: usize,
    ) -> usize {
        let Some(mut i) = first else { return start };
        for _ in 0..2 {
            let Some(p) = i.checked_sub(1) else { break };
            if !only_spaces(norm, words[p].end..words[i].start) || words[p].start < floor {
                break;
            }
            match norm.get(words[p].clone()).and_then(|w| self.word_role(w)) {
                Some((Role::Direction, stem)) => {
                    start = words[p].start + stem;
                    i = p;
                }
                _ => break,
            }
        }
        start
    }

    /// The last word of an unknown place name that follows the cue at word `cue`, if the words
    /// after the cue look like a name.
    fn unknown_name(
        &self,
        norm: &str,
        words: &[Range<usize>],
        cue: usize,
        next_hit: usize,
    ) -> Option<usize> {
        let text_of = |i: usize| norm.get(words[i].clone()).unwrap_or("");
        let adjacent =
            |i: usize| i < words.len() && only_spaces(norm, words[i - 1].end..words[i].start);
        let first = cue + 1;
        if !adjacent(first) || words[first].start >= next_hit {
            return None;
        }
        let w = text_of(first);
        if !self.could_be_name(w, true) {
            return None;
        }
        // An indefinite noun and an indefinite adjective describe a place rather than name it
        // (منطقة أحراج جبلية "a wooded mountain area", منطقة سهول زراعية).
        if adjacent(first + 1) && !w.starts_with("ال") {
            let next = text_of(first + 1);
            // (Not a conjunction or a cue word: جبل صبر ومديرية مشرعة.)
            if !next.starts_with(['و', 'ب'])
                && self.word_role(next).is_none()
                && !next.starts_with("ال")
                && next.chars().count() >= 4
                && next.ends_with("يه")
            {
                return None;
            }
        }
        let mut last = first;
        let head = TOPONYM_HEADS.contains(&w);
        for _ in 0..2 {
            let n = last + 1;
            if !adjacent(n) || words[n].start >= next_hit {
                break;
            }
            let nw = text_of(n);
            // A nationality adjective after the name is not part of it (مدينة سوروج التركية),
            // nor a word that describes the place (قرية مالاري القريبة).
            if self.adjective_country(nw).is_some() || DESCRIBES_A_PLACE.contains(&nw) {
                break;
            }
            let takes = (last == first && head) || (nw.starts_with("ال") && !w.is_empty());
            if !takes || !self.could_be_name(nw, false) {
                break;
            }
            last = n;
        }
        Some(last)
    }

    /// Whether a word can be (part of) an unknown place name.
    fn could_be_name(&self, w: &str, first: bool) -> bool {
        let letters = w.chars().count();
        if letters < 2 || w.chars().any(|c| c.is_ascii_digit()) || NOT_A_NAME.contains(&w) {
            return false;
        }
        if self.word_role(w).is_some() {
            return false;
        }
        // A proclitic with the article (بالقرب، والقرى) or a conjunction (وعدد) starts a new
        // phrase, not a name.
        if ["بال", "وال", "فال", "كال", "لل"]
            .iter()
            .any(|p| w.starts_with(p))
            || (w.starts_with('و') && letters >= 4)
        {
            return false;
        }
        // A noun with a possessive pronoun (قضاء عطلتهم "spending their holiday", منطقتها) is
        // no name: names do not end in a feminine noun's ت before a pronoun.
        if letters >= 5
            && ["تهم", "تها", "تهما", "تنا", "تكم"]
                .iter()
                .any(|p| w.ends_with(p))
        {
            return false;
        }
        // An indefinite adjective (منطقة جبلية، منطقة عسكرية) describes the cue, it does not name it.
        if first && !w.starts_with("ال") && letters > 3 && w.ends_with("يه") {
            return false;
        }
        true
    }

    /// Whether mention `b` contains mention `a` as written: "a بـb"، "a في b"، "a التابعة لـb",
    /// "a (جنوب b)"، "a جنوب غربي b".
    fn contains_next(&self, norm: &str, a: &PlaceMention, b: &PlaceMention) -> bool {
        let gap_start = a.normalized.end;
        let b_start = b.normalized.start;
        // A country lies in nothing the text names after it (روسيا في لاهاي: Russia at talks in
        // The Hague).
        let country = |m: &PlaceMention| {
            !m.candidates.is_empty()
                && m.candidates
                    .iter()
                    .all(|&id| self.kinds.get(id.0 as usize) == Some(&Kind::Country))
        };
        if gap_start > b_start || country(a) {
            return false;
        }
        let gap = norm.get(gap_start..b_start).unwrap_or("");
        let b_first = norm.get(b_start..).unwrap_or("");
        let b_direction = b_first
            .split(|c: char| !crate::is_word_char(c))
            .next()
            .and_then(|w| self.word_role(w))
            .is_some_and(|(r, _)| r == Role::Direction);
        let gap_words: Vec<&str> = gap
            .split(|c: char| !crate::is_word_char(c))
            .filter(|w| !w.is_empty())
            .collect();
        let gap_punct: String = gap
            .chars()
            .filter(|c| !crate::is_word_char(*c) && !c.is_whitespace())
            .collect();
        match gap_words.as_slice() {
            // بحلب: the ب proclitic ends the gap.
            [w] if *w == "ب" || *w == "وب" => gap_punct.is_empty(),
            [w] if *w == "في" => gap_punct.is_empty(),
            [w, l] if matches!(self.word_role(w), Some((Role::Contain, 0))) && *l == "ل" => {
                gap_punct.is_empty()
            }
            // A direction phrase right after, or after an opening bracket or a comma:
            // منطقة سويب جنوب غربي بغداد، قرب كيليس (جنوب تركيا).
            [] => {
                b_direction
                    && match gap_punct.as_str() {
                        "" => a.cue_precision.is_some() || a.candidates.is_empty(),
                        "(" | "،" | "," => true,
                        _ => false,
                    }
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word lists are compared with normalized text: they must be written normalized.
    #[test]
    fn word_lists_are_normalized() {
        for word in TOPONYM_HEADS
            .iter()
            .chain(NOT_A_NAME)
            .chain(DESCRIBES_A_PLACE)
        {
            assert_eq!(rasd_text::normalize(word), *word);
        }
    }
}
