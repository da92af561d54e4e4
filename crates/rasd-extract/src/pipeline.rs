//! The [`Pipeline`]: lexicons and gazetteer loaded once, then documents to records.
//!
//! Extraction of one document runs in four steps (see `ARCHITECTURE.md`):
//!
//! 1. **Analysis** ([`crate::analysis`]): normalize the text once, split sentences, and run
//!    every matcher (triggers, actors, sources, cues, places, nationality adjectives) over the
//!    whole text; resolve all place mentions of the document together.
//! 2. **Candidates** ([`crate::assemble`]): per sentence, one candidate event per trigger type,
//!    with its place, day, actors, casualty claims, attribution and modality.
//! 3. **Merging** ([`crate::merge`]): candidates of one type, place and day become one event
//!    (ACLED's unit); claims repeated across sentences are kept once.
//! 4. **Records**: format-1 values, numbered in order of first evidence.

use crate::analysis::Analysis;
use crate::candidate::Candidate;
use crate::casualty::CasualtyFinder;
use crate::decide::decide;
use crate::document::Document;
use crate::merge::merge;
use crate::models::Models;
use crate::propose::propose;
use crate::record::{
    Acled, Actor, Attribution, Casualty, DocumentInfo, DocumentRecord, Event, EventDate, Location,
    SourceKind,
};
use rasd_geo::Gazetteer;
use rasd_lexicon::Lexicons;
use rasd_text::NormalizedText;

/// Why the pipeline could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the extraction pipeline: {0}")]
pub struct Error(String);

/// Choices that change what is extracted.
#[derive(Clone, Debug)]
pub struct Options {
    /// Keep events that did not happen (negated), may happen (hypothetical) or will happen
    /// (future). Off by default: ACLED-style datasets record what happened, and such events
    /// are written with their modality when kept.
    pub keep_unrealized: bool,
    /// Candidates below this confidence are dropped.
    pub min_confidence: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            keep_unrealized: false,
            min_confidence: 0.5,
        }
    }
}

/// Everything extraction needs, loaded once and shared read-only between threads.
#[derive(Debug)]
pub struct Pipeline {
    pub(crate) lexicons: Lexicons,
    pub(crate) gazetteer: Gazetteer,
    pub(crate) casualties: CasualtyFinder,
    pub(crate) speaker_words: crate::propose::SpeakerWords,
    pub(crate) markers: crate::propose::Markers,
    pub(crate) options: Options,
    /// The learned decisions; `None` leaves every decision to the hand rules.
    pub(crate) models: Option<Models>,
}

impl Pipeline {
    /// Loads the embedded lexicons, gazetteer and shipped models with default options.
    ///
    /// # Errors
    /// When an embedded data file does not compile (a build defect, caught by the tests).
    pub fn new() -> Result<Pipeline, Error> {
        Pipeline::with_options(Options::default())
    }

    /// Loads the embedded lexicons, gazetteer and shipped models.
    ///
    /// # Errors
    /// When an embedded data file does not compile (a build defect, caught by the tests).
    pub fn with_options(options: Options) -> Result<Pipeline, Error> {
        let mut pipeline = Pipeline::rules_with_options(options)?;
        pipeline.models = Some(Models::shipped().map_err(|e| Error(e.to_string()))?);
        Ok(pipeline)
    }

    /// A pipeline whose decisions are all the hand rules' (what `rasd train` starts from:
    /// proposals do not depend on any model).
    ///
    /// # Errors
    /// When an embedded data file does not compile (a build defect, caught by the tests).
    pub fn rules_only() -> Result<Pipeline, Error> {
        Pipeline::rules_with_options(Options::default())
    }

    /// The lexicons, gazetteer and casualty finder, with no models.
    fn rules_with_options(options: Options) -> Result<Pipeline, Error> {
        Ok(Pipeline {
            lexicons: Lexicons::load().map_err(|e| Error(e.to_string()))?,
            gazetteer: Gazetteer::load().map_err(|e| Error(e.to_string()))?,
            casualties: CasualtyFinder::new().map_err(|e| Error(e.to_string()))?,
            speaker_words: crate::propose::SpeakerWords::load()
                .map_err(|e| Error(e.to_string()))?,
            markers: crate::propose::Markers::load().map_err(|e| Error(e.to_string()))?,
            options,
            models: None,
        })
    }

    /// The models in use, if any.
    pub fn models(&self) -> Option<&Models> {
        self.models.as_ref()
    }

    /// Uses these models for the decisions (`None`: the hand rules).
    pub fn set_models(&mut self, models: Option<Models>) {
        self.models = models;
    }

    /// Takes the models out, leaving the hand rules.
    pub fn take_models(&mut self) -> Option<Models> {
        self.models.take()
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Extracts the events of one document. Never panics on any input text.
    pub fn extract(&self, doc: &Document) -> DocumentRecord {
        let text = doc.text();
        let normalized = NormalizedText::new(&text);
        let analysis = Analysis::new(self, &normalized, doc);
        let proposals = propose(&analysis);
        let candidates = decide(&analysis, &proposals, self.models.as_ref());
        let merged = merge(&analysis, candidates);
        // An event is coded at a place (ACLED's unit is type, place and day): one whose
        // document names no place it can take, not even a country, cannot be placed on a map
        // or merged with other reports, and is most often a story retold in a column.
        // Verbal events (appeals, condemnations) need no place.
        let events = merged
            .into_iter()
            .filter(|c| c.place.is_some() || c.is_verbal())
            .enumerate()
            .map(|(n, c)| self.record(&analysis, &doc.id, n + 1, c))
            .collect();
        DocumentRecord {
            format: 1,
            doc: DocumentInfo {
                id: doc.id.clone(),
                date: doc.date.map(|d| d.format("%Y-%m-%d").to_string()),
                source: doc.source.clone(),
                url: doc.url.clone(),
                chars: normalized.original_len_chars(),
            },
            events,
        }
    }

    /// Turns a merged candidate into a format-1 event.
    fn record(&self, analysis: &Analysis, doc_id: &str, n: usize, c: Candidate) -> Event {
        let text = analysis.text;
        let info = self.lexicons.taxonomy.get(&c.event_type);
        let location = c.place.map(|p| {
            let r = &analysis.resolved[p];
            Location {
                name: r.name.clone(),
                name_en: r.name_en.clone(),
                country: r.country.clone(),
                admin1: r.admin1.clone(),
                lat: r.lat,
                lon: r.lon,
                precision: r.precision.map(Into::into),
                gazetteer_id: r.gazetteer_id.clone(),
                span: Some([r.span.start, r.span.end]),
            }
        });
        let date = match &c.date {
            Some(d) => EventDate {
                value: d.value.map(|v| v.format("%Y-%m-%d").to_string()),
                precision: Some(d.precision.into()),
                text: d.span.map(|s| text.surface(s)),
                span: d.span.map(|s| [s.start, s.end]),
            },
            None => EventDate::default(),
        };
        Event {
            id: format!("{doc_id}#{n}"),
            acled: Acled {
                event_type: info.map(|i| i.acled_event_type.clone()).unwrap_or_default(),
                sub_event_type: info
                    .map(|i| i.acled_sub_event_type.clone())
                    .unwrap_or_default(),
            },
            cameo: cameo_code(&c, info.map(|i| i.cameo.as_str())),
            detail: c.detail.clone(),
            date,
            location,
            actors: c
                .actors
                .iter()
                .map(|a| Actor {
                    role: a.role.into(),
                    text: text.surface(a.span),
                    name: a.name.clone(),
                    code: a.code.clone(),
                    span: Some([a.span.start, a.span.end]),
                })
                .collect(),
            casualties: c
                .casualties
                .iter()
                .map(|k| Casualty {
                    kind: k.kind.into(),
                    low: k.low,
                    high: k.high,
                    qualifier: k.qualifier.into(),
                    group: k.group.into(),
                    text: text.surface(k.span),
                    span: Some([k.span.start, k.span.end]),
                })
                .collect(),
            attribution: c
                .attribution
                .iter()
                .map(|a| Attribution {
                    // The lexicon loader admits only the spec's kinds (SOURCE_KINDS).
                    kind: a.kind.parse().unwrap_or(SourceKind::Unknown),
                    text: text.surface(a.span),
                    code: a.code.clone(),
                    via: a.via.map(|v| text.surface(v)),
                    span: Some([a.span.start, a.span.end]),
                })
                .collect(),
            modality: c.modality.into(),
            evidence: c.evidence.iter().map(|s| [s.start, s.end]).collect(),
            confidence: (c.confidence * 100.0).round() / 100.0,
            event_type: c.event_type,
        }
    }
}

/// CAMEO code of the taxonomy, refined by the detail where CAMEO 1.1b3 has a finer code
/// (18x assault, 20x mass violence).
fn cameo_code(c: &Candidate, base: Option<&str>) -> String {
    let refined = match c.detail.as_deref() {
        Some("assassination") => Some("186"),
        Some("torture") => Some("1822"),
        Some("execution") => Some("1823"),
        Some("massacre") => Some("202"),
        Some("hostage_taking") => Some("181"),
        Some("car_bomb") => Some("1832"),
        Some("ied") | Some("landmine") => Some("1833"),
        _ => None,
    };
    refined.or(base).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event_types(pipeline: &Pipeline, text: &str) -> Vec<(String, Option<String>)> {
        let mut doc = Document::new("t", text);
        doc.date = chrono::NaiveDate::from_ymd_opt(2015, 7, 23);
        pipeline
            .extract(&doc)
            .events
            .into_iter()
            .filter(|e| e.event_type != "appeal")
            .map(|e| (e.event_type, e.location.map(|l| l.name)))
            .collect()
    }

    /// An event is coded at a place: the same sentence with no place at all gives no event,
    /// and حماة in حماة الوطن ("the protectors of the homeland") is no place.
    #[test]
    fn an_event_needs_a_place() {
        let pipeline = Pipeline::new().expect("pipeline");
        let placed = event_types(
            &pipeline,
            "فجر انتحاري نفسه عند نقطة أمن في مدينة حماة أمس فقتل ثلاثة من رجال الأمن.",
        );
        assert!(
            placed
                .iter()
                .any(|(t, p)| t == "suicide_bomb" && p.is_some()),
            "{placed:?}"
        );
        let unplaced = event_types(
            &pipeline,
            "فجر انتحاري نفسه عند نقطة أمن أمس فقتل ثلاثة من حماة الوطن.",
        );
        assert!(unplaced.is_empty(), "{unplaced:?}");
    }

    fn events(pipeline: &Pipeline, text: &str) -> Vec<Event> {
        let mut doc = Document::new("t", text);
        doc.date = chrono::NaiveDate::from_ymd_opt(2015, 7, 23);
        pipeline.extract(&doc).events
    }

    /// A short form with the article (التحالف) stands for the actor named in full before it.
    #[test]
    fn a_short_form_refers_back_to_the_actor_named_before() {
        let pipeline = Pipeline::new().expect("pipeline");
        let found = events(
            &pipeline,
            "نفذت قوات التحالف الدولي غارات جوية على مواقع قرب الرمادي أمس. \
             وذكر البيان أن التحالف نفذ كذلك 9 غارات جوية قرب مدينة الرقة.",
        );
        let raqqa = found
            .iter()
            .find(|e| {
                e.location
                    .as_ref()
                    .is_some_and(|l| l.name.contains("الرقة"))
            })
            .unwrap_or_else(|| panic!("an event at Raqqa in {found:?}"));
        assert!(
            raqqa
                .actors
                .iter()
                .any(|a| a.role == "perpetrator" && a.code.as_deref() == Some("IUSCOA")),
            "{raqqa:?}"
        );
    }

    /// Figures in a sentence that turns to another matter (من جانب آخر) are not the previous
    /// event's.
    #[test]
    fn figures_after_a_topic_shift_stay_apart() {
        let pipeline = Pipeline::new().expect("pipeline");
        let text = "قتل شخص وأصيب ستة آخرون في انفجار عبوة ناسفة في بغداد أمس. \
                    من جانب آخر، عثرت الشرطة على جثتي رجلين في حي الدورة.";
        let found = events(&pipeline, text);
        let blast = found
            .iter()
            .find(|e| e.event_type == "remote_explosive")
            .unwrap_or_else(|| panic!("an explosion in {found:?}"));
        assert!(
            blast.casualties.iter().all(|c| c.low != Some(2)),
            "{blast:?}"
        );
    }

    /// Russia bombs Syria from the air: its bombardment there is an air strike; and a number
    /// with an unnumbered mention of the same dead in one sentence is one claim, the number.
    #[test]
    fn an_air_campaign_bombardment_is_an_air_strike() {
        // The type and the claims are the rules' (the model decides whether it is an event).
        let pipeline = Pipeline::rules_only().expect("pipeline");
        let found = events(
            &pipeline,
            "قتل عشرات المدنيين وأعداد كبيرة من السكان في مدينة إدلب أمس جراء قصف روسي مكثف.",
        );
        let strike = found
            .iter()
            .find(|e| e.event_type == "air_strike")
            .unwrap_or_else(|| panic!("an air strike in {found:?}"));
        let killed: Vec<_> = strike
            .casualties
            .iter()
            .filter(|c| c.kind == "killed")
            .collect();
        assert_eq!(killed.len(), 1, "{killed:?}");
        assert_eq!((killed[0].low, killed[0].high), (Some(20), Some(99)));
    }
}
