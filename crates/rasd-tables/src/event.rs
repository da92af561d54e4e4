//! [`EventCore`]: one event as every output reads it, whether it is one record of `rasd extract`
//! or a merged event of the store.
//!
//! A record is the event of its one report: [`EventCore::of_record`] makes it through the merge
//! rule's own summary of a cluster of one ([`rasd_merge::MergedEvent::from_members`]) and then
//! [`EventCore::of_merged`], the function the store calls for a cluster of many. So the CSV row,
//! the GeoJSON feature and the Parquet row of a record and of the store's event of that record
//! are made by the same code from the same values.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use rasd_extract::record::{
    Acled, Actor, DatePrecision, DocumentInfo, Event, Location, Modality, Role,
};
use rasd_lexicon::Taxonomy;
use rasd_merge::{Figures, MergedEvent, Report};
use serde::{Deserialize, Serialize};

/// One event: its type, day, place, actors and reconciled casualty figures. The store's
/// `EventSummary` and `EventDetail` flatten it into their JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventCore {
    /// `<doc id>#<n>` for a record of `rasd extract`; `e-` and 16 hex digits for a merged
    /// event of the store (`rasd_merge::event_id` of its smallest report id).
    pub id: String,
    /// A `type` of `taxonomy.tsv`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Its family (`battle`, `remote`, ...).
    pub family: String,
    /// ACLED's event type and sub-event type.
    pub acled: Acled,
    /// CAMEO code.
    pub cameo: String,
    /// The day, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `day`, `week`, `month`, `year`.
    pub date_precision: Option<DatePrecision>,
    /// The place of the representative report (the record's own for a record), with no span:
    /// spans point into one document, and an event may have many (see its reports).
    pub location: Option<Location>,
    /// Every distinct actor of the reports, in report order, without spans.
    pub actors: Vec<Actor>,
    /// Killed, `{low, best, high}` over the reports (`docs/merging.md`).
    pub killed: Option<Figures>,
    /// Injured, the same way.
    pub injured: Option<Figures>,
    /// Reports give casualty figures that do not overlap.
    pub conflicting: bool,
    /// Reports type the event differently: every type they give, sorted; empty when they agree
    /// (`docs/merging.md`, rule item 3).
    #[serde(default)]
    pub conflicting_types: Vec<String>,
    /// Civilians were targeted: a report names a target or victim with a civilian actor code
    /// (ending `CVL`, CAMEO's civilian sector) or counts casualties of a civilian group.
    pub civilian_targeting: bool,
    /// The representative report's modality.
    pub modality: Modality,
}

/// The embedded taxonomy, loaded once. `None` only if the embedded file were malformed, which
/// the lexicon tests rule out; families are then empty rather than a panic.
fn taxonomy() -> Option<&'static Taxonomy> {
    static TAXONOMY: OnceLock<Option<Taxonomy>> = OnceLock::new();
    TAXONOMY
        .get_or_init(|| rasd_merge::families().ok())
        .as_ref()
}

/// Whether `event` targets civilians (see [`EventCore::civilian_targeting`]).
fn targets_civilians(event: &Event) -> bool {
    let civilian_actor = event.actors.iter().any(|a| {
        matches!(a.role, Role::Target | Role::Victim)
            && a.code.as_deref().is_some_and(|c| c.ends_with("CVL"))
    });
    civilian_actor || event.casualties.iter().any(|c| c.group.is_civilian())
}

/// The distinct actors of `members`, in order, without spans. Two mentions are one actor when
/// they have the same role and code (else name, else normalized text).
fn distinct_actors(members: &[&Event]) -> Vec<Actor> {
    let mut seen = BTreeSet::new();
    let mut actors = Vec::new();
    for a in members.iter().flat_map(|m| &m.actors) {
        let key = a
            .code
            .clone()
            .or_else(|| a.name.clone())
            .unwrap_or_else(|| rasd_text::normalize(&a.text));
        if seen.insert((a.role, key)) {
            actors.push(Actor {
                span: None,
                ..a.clone()
            });
        }
    }
    actors
}

impl EventCore {
    /// The event of the records `members` that the merge rule clustered into `merged`:
    /// place, actors' order and modality of the representative, type, day and figures of the
    /// merge, ACLED and CAMEO names from the representative when it has the merged type, else
    /// from `taxonomy`. `None` when `members` is empty.
    pub fn of_merged(
        merged: &MergedEvent,
        members: &[&Event],
        taxonomy: &Taxonomy,
    ) -> Option<EventCore> {
        let representative = members
            .iter()
            .find(|r| r.id == merged.representative)
            .or(members.first())?;
        let (acled, cameo) = if representative.event_type == merged.event_type {
            (representative.acled.clone(), representative.cameo.clone())
        } else {
            type_names(taxonomy, &merged.event_type)
        };
        let date_precision = if representative.date.value == merged.date {
            representative.date.precision
        } else {
            Some(DatePrecision::Day)
        };
        Some(EventCore {
            id: merged.id.clone(),
            event_type: merged.event_type.clone(),
            family: merged.family.clone(),
            acled,
            cameo,
            date: merged.date.clone(),
            date_precision,
            location: representative
                .location
                .clone()
                .map(|l| Location { span: None, ..l }),
            actors: distinct_actors(members),
            killed: merged.killed,
            injured: merged.injured,
            conflicting: merged.conflicting,
            conflicting_types: merged.conflicting_types.clone(),
            civilian_targeting: members.iter().any(|m| targets_civilians(m)),
            modality: representative.modality,
        })
    }

    /// The event of one record of the document `doc`: the merged event of its one report,
    /// with the record's id.
    pub fn of_record(doc: &DocumentInfo, event: &Event) -> EventCore {
        let empty = Taxonomy::new(Vec::new());
        let taxonomy = taxonomy().unwrap_or(&empty);
        let report = Report::from_event(doc, event, taxonomy);
        let merged = MergedEvent::from_members(&[&report]);
        let core = merged.and_then(|m| EventCore::of_merged(&m, &[event], taxonomy));
        // Both steps give a value for one member; the fallback only keeps this total.
        let mut core = core.unwrap_or_else(|| EventCore {
            id: String::new(),
            event_type: event.event_type.clone(),
            family: String::new(),
            acled: event.acled.clone(),
            cameo: event.cameo.clone(),
            date: event.date.value.clone(),
            date_precision: event.date.precision,
            location: event.location.clone(),
            actors: event.actors.clone(),
            killed: None,
            injured: None,
            conflicting: false,
            conflicting_types: Vec::new(),
            civilian_targeting: targets_civilians(event),
            modality: event.modality,
        });
        core.id = event.id.clone();
        core
    }
}

/// ACLED names and CAMEO code of a type, from the taxonomy (empty when it has no such type).
pub fn type_names(taxonomy: &Taxonomy, event_type: &str) -> (Acled, String) {
    taxonomy.get(event_type).map_or_else(
        || (Acled::default(), String::new()),
        |t| {
            (
                Acled {
                    event_type: t.acled_event_type.clone(),
                    sub_event_type: t.acled_sub_event_type.clone(),
                },
                t.cameo.clone(),
            )
        },
    )
}

/// ACLED's `actor1` and `actor2` of an event's actors. Actor 1 is the first perpetrator, else
/// the first claimant, else the first party; actor 2 is the first target, else the first
/// victim, else (when actor 1 is a party, as in a clash) the second party.
pub fn acled_actors(actors: &[Actor]) -> (Option<&Actor>, Option<&Actor>) {
    let first = |role: Role| actors.iter().find(|a| a.role == role);
    let actor1 = first(Role::Perpetrator)
        .or_else(|| first(Role::Claimant))
        .or_else(|| first(Role::Party));
    let actor2 = first(Role::Target)
        .or_else(|| first(Role::Victim))
        .or_else(|| {
            actor1
                .filter(|a| a.role == Role::Party)
                .and_then(|_| actors.iter().filter(|a| a.role == Role::Party).nth(1))
        });
    (actor1, actor2)
}

/// An actor's canonical English name when it has one, else the text as written.
pub fn actor_label(actor: &Actor) -> &str {
    actor
        .name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(&actor.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record() -> (DocumentInfo, Event) {
        let doc = DocumentInfo {
            id: "d".into(),
            date: Some("2016-12-12".into()),
            source: Some("s".into()),
            url: None,
            chars: 40,
        };
        let event = serde_json::from_value(json!({
            "id": "d#1", "type": "air_strike",
            "acled": {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
            "cameo": "195", "detail": null,
            "date": {"value": "2016-12-11", "precision": "day", "text": "أمس", "span": [30, 33]},
            "location": {"name": "حلب", "name_en": "Aleppo", "country": "SY", "admin1": "Aleppo",
                         "lat": 36.2, "lon": 37.16, "precision": "town",
                         "gazetteer_id": "geonames:170063", "span": [25, 28]},
            "actors": [
                {"role": "perpetrator", "text": "الطيران", "name": "Air force", "code": "SYRMIL", "span": [0, 7]},
                {"role": "perpetrator", "text": "طيران", "name": "Air force", "code": "SYRMIL", "span": [9, 14]},
                {"role": "party", "text": "الجيش", "name": null, "code": null, "span": [15, 20]},
                {"role": "party", "text": "المسلحين", "name": null, "code": null, "span": [21, 28]}],
            "casualties": [
                {"kind": "killed", "low": 3, "high": 3, "qualifier": "exact", "group": "children", "text": "3 أطفال", "span": [4, 12]},
                {"kind": "killed", "low": 10, "high": null, "qualifier": "at_least", "group": "unknown", "text": "10 على الأقل", "span": null},
                {"kind": "injured", "low": 20, "high": 99, "qualifier": "vague", "group": "unknown", "text": "عشرات", "span": null}],
            "attribution": [], "modality": "reported", "evidence": [[0, 12]], "confidence": 0.8
        }))
        .unwrap();
        (doc, event)
    }

    #[test]
    fn a_record_is_the_event_of_its_one_report() {
        let (doc, event) = record();
        let core = EventCore::of_record(&doc, &event);
        assert_eq!(core.id, "d#1");
        assert_eq!(core.family, "remote");
        assert_eq!(core.date.as_deref(), Some("2016-12-11"));
        assert_eq!(core.date_precision, Some(DatePrecision::Day));
        // The reconciled figure of one report: children are civilians, and the total of no
        // group (at least 10) is larger than the sum of the groups.
        assert_eq!(
            core.killed,
            Some(Figures {
                low: 10,
                best: 10,
                high: 10
            })
        );
        assert_eq!(core.injured, None, "vague claims give no figure");
        assert!(core.civilian_targeting, "children are civilians");
        assert_eq!(core.actors.len(), 3, "one air force, two parties");
        assert!(core.actors.iter().all(|a| a.span.is_none()));
        assert_eq!(core.location.as_ref().and_then(|l| l.span), None);
        assert_eq!(core.modality, Modality::Reported);
    }

    #[test]
    fn acled_actors_fall_back_through_the_roles() {
        let (_, event) = record();
        let (a1, a2) = acled_actors(&event.actors);
        assert_eq!(a1.map(actor_label), Some("Air force"));
        assert_eq!(a2, None, "a perpetrator's actor 2 is never a party");
        let parties: Vec<Actor> = event.actors[2..].to_vec();
        let (a1, a2) = acled_actors(&parties);
        assert_eq!(
            (a1.map(actor_label), a2.map(actor_label)),
            (Some("الجيش"), Some("المسلحين"))
        );
    }

    #[test]
    fn the_embedded_taxonomy_loads() {
        assert!(taxonomy().is_some_and(|t| t.get("air_strike").is_some()));
    }
}
