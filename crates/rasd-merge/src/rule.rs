//! The rule: whether two reports can be reports of one event, in ACLED's unit of one sub-event
//! type, at one place, on one day (`shared/spec/EVENTS.md`, "One event or two"), and how near
//! they are, to order the pairs the clustering tries.

use rasd_extract::record::{CasualtyKind, PlacePrecision};

use crate::reconcile::report_figure;
use crate::report::{DateBasis, Report};

/// A part of a town the gazetteer does not know (a quarter, a market, a street) takes the point
/// of its town (`ARCHITECTURE.md`, "null means unknown"): it lies within this distance of the
/// town's point, allowing for rounding.
pub const PART_OF_TOWN_KM: f64 = 0.1;
/// Two places the gazetteer does not know, of one name, are one place unless their points lie
/// further apart than this (one quarter name in two cities): the radius of a large city.
pub const SAME_NAME_KM: f64 = 10.0;
/// Reports of one event lie at most this many days apart, when at least one of them dates the
/// event relative to its publication (أمس، الاثنين) or not at all.
pub const MAX_DAYS_APART: i64 = 1;
/// A report with no date in its text (the publication date stands in) is attached to an event
/// told at most this many days before its publication: reactions, visits to the wounded,
/// condemnations and recaps follow an event within the week (`attach`).
pub const LATE_REPORT_DAYS: i64 = 7;

/// A place an event can be placed at for merging: a neighbourhood or town (in the gazetteer or
/// not), or a district or region of the gazetteer. A country is too coarse ("an air strike in
/// Yemen" twice in a day is no evidence of one event), and so is an area the gazetteer does not
/// know.
struct Place<'a> {
    gazetteer_id: Option<&'a str>,
    name: Option<&'a str>,
    precision: PlacePrecision,
    point: Option<(f64, f64)>,
}

impl<'a> Place<'a> {
    fn of(r: &'a Report) -> Option<Place<'a>> {
        let precision = r
            .place_precision
            .filter(|p| *p != PlacePrecision::Country)?;
        let gazetteer_id = r.gazetteer_id.as_deref().filter(|g| !g.is_empty());
        if !is_fine(precision) && gazetteer_id.is_none() {
            return None;
        }
        let name = r.place.as_deref().filter(|p| !p.is_empty());
        let point = match (r.lat, r.lon) {
            (Some(lat), Some(lon)) if lat.is_finite() && lon.is_finite() => Some((lat, lon)),
            _ => None,
        };
        (gazetteer_id.is_some() || name.is_some()).then_some(Place {
            gazetteer_id,
            name,
            precision,
            point,
        })
    }
}

/// A neighbourhood or a town: a place that can be named without the gazetteer.
fn is_fine(precision: PlacePrecision) -> bool {
    matches!(
        precision,
        PlacePrecision::Neighbourhood | PlacePrecision::Town
    )
}

/// A report with what the rule reads from it computed once: `merge` compares each report with
/// hundreds of neighbours.
pub(crate) struct Prepared<'a> {
    pub(crate) report: &'a Report,
    /// Day number, when the report can merge at all: a known family, an event that happened
    /// (not negated, future or hypothetical), a country and a place fine enough.
    pub(crate) day: Option<i64>,
    /// Day number, when the report can be attached to an event told more precisely
    /// (`attach`): a known family, an event that happened, a country; any place or none.
    pub(crate) event_day: Option<i64>,
    place: Option<Place<'a>>,
    killed: Option<(u64, u64)>,
    injured: Option<(u64, u64)>,
}

impl<'a> Prepared<'a> {
    pub(crate) fn new(r: &'a Report) -> Self {
        let place = Place::of(r);
        let happened = !r.family.is_empty()
            && !r.modality.unrealized()
            && r.country.as_deref().is_some_and(|c| !c.is_empty());
        let event_day = if happened { r.day() } else { None };
        Prepared {
            report: r,
            day: if place.is_some() { event_day } else { None },
            event_day,
            place,
            killed: report_figure(&r.claims, CasualtyKind::Killed),
            injured: report_figure(&r.claims, CasualtyKind::Injured),
        }
    }

    /// How precisely the report places its event, for attaching (`attach`).
    pub(crate) fn scope(&self) -> Scope<'a> {
        match &self.place {
            Some(p) if is_fine(p.precision) => Scope::Fine,
            Some(p) if p.precision == PlacePrecision::Region => self
                .report
                .admin1
                .as_deref()
                .filter(|a| !a.is_empty())
                .map_or(Scope::Area, Scope::Region),
            Some(_) => Scope::Area,
            None => Scope::Unknown,
        }
    }

    /// Whether the event's day was read from the text (a date written out, or one relative to
    /// the publication), not taken from the publication date.
    pub(crate) fn dated(&self) -> bool {
        self.event_day.is_some() && self.report.date_basis != DateBasis::Publication
    }

    /// The report's killed and injured figures, `(low, high)` ([`report_figure`]).
    pub(crate) fn figures(&self) -> [Option<(u64, u64)>; 2] {
        [self.killed, self.injured]
    }

    /// Whether the report places its event at a neighbourhood or town it can merge at.
    pub(crate) fn fine(&self) -> bool {
        self.day.is_some() && matches!(self.scope(), Scope::Fine)
    }
}

/// How precisely a report places its event, for attaching a report told less precisely to the
/// one event told more precisely that it can be (`attach`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope<'a> {
    /// A neighbourhood or a town.
    Fine,
    /// A region (first-level division) of the gazetteer, by the gazetteer's name for it.
    Region(&'a str),
    /// A district of the gazetteer, or a region whose division is not known: what lies inside
    /// is not known, so nothing is attached to it.
    Area,
    /// No place finer than the country: a country, an area the gazetteer does not know, or
    /// no place name.
    Unknown,
}

/// What a report's place can be matched by: its gazetteer entry, its name (a neighbourhood or
/// town), the grid cell of its point (a town, or a part of a town the gazetteer does not
/// know). Every pair [`place_relation`] relates shares an anchor, or lies in neighbouring cells,
/// so candidate pairs are drawn from these groups rather than from all reports of a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Anchor<'a> {
    /// A gazetteer entry.
    Entry(&'a str),
    /// A normalized name.
    Name(&'a str),
    /// A cell of [`CELL_DEGREES`] of latitude and longitude.
    Cell(i64, i64),
}

/// The grid cell, in degrees: about 1 km, ten times [`PART_OF_TOWN_KM`], so two points
/// [`PART_OF_TOWN_KM`] apart lie in one cell or in neighbouring ones.
pub(crate) const CELL_DEGREES: f64 = 0.01;

impl<'a> Prepared<'a> {
    /// The anchors of a report that can merge (none otherwise).
    pub(crate) fn anchors(&self) -> Vec<Anchor<'a>> {
        let Some(place) = self.place.as_ref().filter(|_| self.day.is_some()) else {
            return Vec::new();
        };
        let mut anchors = Vec::with_capacity(3);
        if let Some(id) = place.gazetteer_id {
            anchors.push(Anchor::Entry(id));
        }
        if let Some(name) = place.name.filter(|_| is_fine(place.precision)) {
            anchors.push(Anchor::Name(name));
        }
        if let (true, Some((lat, lon))) = (is_fine(place.precision), place.point) {
            // Finite (checked in `Place::of`), and |lat|, |lon| <= 180: the casts cannot wrap.
            anchors.push(Anchor::Cell(
                (lat / CELL_DEGREES).floor() as i64,
                (lon / CELL_DEGREES).floor() as i64,
            ));
        }
        anchors
    }
}

/// Great-circle distance in kilometres.
fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// Whole metres between two points within `limit_km` of each other.
fn metres_within(a: (f64, f64), b: (f64, f64), limit_km: f64) -> Option<u64> {
    let km = haversine_km(a, b);
    // Exact enough: 10 km is 10,000 m.
    (km <= limit_km).then(|| (km * 1000.0).round() as u64)
}

/// How two places that can be the place of one event relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Relation {
    /// The same place.
    Same,
    /// A part of a town the gazetteer does not know, and the town: the town's report does not
    /// name the part the other one does. The metres between their points (0 or nearly).
    PartOfTown(u64),
}

/// How two places relate, or `None` for two places.
///
/// - Two gazetteer entries are the same place only when they are the same entry: two towns of
///   one name (two places called الجديدة, 146 km apart) are two places. A district or a region
///   is the same place only as itself: ACLED codes an event told no finer at that area, and
///   a town inside it is another place.
/// - Otherwise (a place unknown to the gazetteer keeps its name) the same normalized name is
///   the same place, unless both points are known and more than [`SAME_NAME_KM`] apart (two
///   quarters of one name in two cities); two different names are two places.
/// - A neighbourhood the gazetteer does not know, at a town's point ([`PART_OF_TOWN_KM`]), is
///   a part of that town: the extractor placed it there because the text tied it to the town.
///   A neighbourhood of the gazetteer (Aleppo's OCHA quarters) is a named place of its own.
fn place_relation(a: &Place<'_>, b: &Place<'_>) -> Option<Relation> {
    if let (Some(x), Some(y)) = (a.gazetteer_id, b.gazetteer_id) {
        if x == y {
            return Some(Relation::Same);
        }
    } else if a.name.is_some() && a.name == b.name && is_fine(a.precision) && is_fine(b.precision) {
        return match (a.point, b.point) {
            (Some(p), Some(q)) => metres_within(p, q, SAME_NAME_KM).map(|_| Relation::Same),
            _ => Some(Relation::Same),
        };
    }
    let unknown_part =
        |p: &Place<'_>| p.precision == PlacePrecision::Neighbourhood && p.gazetteer_id.is_none();
    let part_of_town = (unknown_part(a) && b.precision == PlacePrecision::Town)
        || (unknown_part(b) && a.precision == PlacePrecision::Town);
    if !part_of_town {
        return None;
    }
    metres_within(a.point?, b.point?, PART_OF_TOWN_KM).map(Relation::PartOfTown)
}

fn actors_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let coded = |s: &str| !s.starts_with("name:") && s.len() >= 3;
    coded(a) && coded(b) && (a.starts_with(b) || b.starts_with(a))
}

/// `actors.tsv`'s code for a perpetrator the text reports but does not name (مسلحون مجهولون).
const UNIDENTIFIED: &str = "UAF";

/// Whether two reports' perpetrators can be one event's: a report that names none (or only an
/// unidentified one, `UAF`) is compatible with any; else one of each must match. Two outlets
/// often differ only in that one names the group that claimed an attack.
fn perpetrators_compatible(a: &Report, b: &Report) -> bool {
    let named = |r: &'_ Report| {
        r.perpetrators
            .iter()
            .filter(|p| p.as_str() != UNIDENTIFIED)
            .cloned()
            .collect::<Vec<String>>()
    };
    let (x, y) = (named(a), named(b));
    x.is_empty() || y.is_empty() || x.iter().any(|p| y.iter().any(|q| actors_match(p, q)))
}

/// Whether two reports give the same toll: each kind both give (killed, injured) overlaps, and
/// they share at least one kind.
pub(crate) fn same_toll(a: &Prepared<'_>, b: &Prepared<'_>) -> bool {
    let overlap = |x: Option<(u64, u64)>, y: Option<(u64, u64)>| match (x, y) {
        (Some(x), Some(y)) => Some(x.0 <= y.1 && y.0 <= x.1),
        _ => None,
    };
    match (overlap(a.killed, b.killed), overlap(a.injured, b.injured)) {
        (None, None) => false,
        (killed, injured) => killed != Some(false) && injured != Some(false),
    }
}

/// Families whose types two outlets may give one event: the form of violence is what outlets
/// confuse (an air strike told as shelling, a clash as a retaking), not whether an arrest or a
/// looting took place.
pub(crate) fn types_can_conflict(family: &str) -> bool {
    matches!(
        family,
        "battle" | "remote" | "civilians" | "protest" | "riot"
    )
}

/// The order in which compatible pairs are tried: `(typed differently, days apart, place
/// relation)`, the closest first.
pub(crate) type PairKey = (bool, i64, Relation);

/// What two reports share when they can be one event but for their types and tolls: days
/// apart, whether they are typed differently, and how their places relate. `None` when the
/// day, document, family, country, perpetrators or place keep them apart.
fn near(a: &Prepared<'_>, b: &Prepared<'_>) -> Option<(i64, bool, Relation)> {
    let days = (a.day? - b.day?).abs();
    let (x, y) = (a.report, b.report);
    if days > max_days_apart(x, y)
        || x.document == y.document
        || x.family != y.family
        || x.country != y.country
        || !perpetrators_compatible(x, y)
    {
        return None;
    }
    let place = place_relation(a.place.as_ref()?, b.place.as_ref()?)?;
    Some((days, x.event_type != y.event_type, place))
}

/// The most days two reports' dates may lie apart: one where a date is relative to the
/// publication or missing from the text, none between two dates written out.
fn max_days_apart(x: &Report, y: &Report) -> i64 {
    if x.date_basis != DateBasis::Calendar || y.date_basis != DateBasis::Calendar {
        MAX_DAYS_APART
    } else {
        0
    }
}

/// The [`PairKey`] of two reports, or `None` when they cannot be one event: the pairs the
/// clustering tries, each a reason to join two clusters. Two reports typed differently are
/// one only when they are at the very same place and give the same toll.
pub(crate) fn pair_key(a: &Prepared<'_>, b: &Prepared<'_>) -> Option<PairKey> {
    let (days, typed_differently, place) = near(a, b)?;
    let one_event_told_twice =
        types_can_conflict(&a.report.family) && place == Relation::Same && same_toll(a, b);
    if typed_differently && !one_event_told_twice {
        return None;
    }
    Some((typed_differently, days, place))
}

/// Whether two reports can be members of one merged event: compatible ([`pair_key`]), or typed
/// differently in a family whose types outlets confuse, at one place (or a part of the town),
/// within the day rule, whatever their tolls. The clustering joins two clusters on a pair of
/// [`pair_key`] only when every pair across them is linkable: reports of an event that two
/// of them tie, told two ways with one toll, join it although they give no toll or another
/// (counts change as the day goes on), never an event another type of which nothing ties.
pub(crate) fn linkable(a: &Prepared<'_>, b: &Prepared<'_>) -> bool {
    near(a, b).is_some_and(|(_, typed_differently, _)| {
        !typed_differently || types_can_conflict(&a.report.family)
    })
}

/// Whether `v`, a report of an event told less precisely (a region, no place, no date in the
/// text), and `h`, a member of an event told at a town on a day the text gives, can be reports
/// of one event, but for their places and types, which `attach` compares per event: different
/// documents, one family and country, compatible perpetrators, and days that agree with `h`'s
/// if `h` read its day from the text: the day rule for a report with a date, and for one
/// without, `h`'s day at most [`LATE_REPORT_DAYS`] before its publication (or a day after).
pub(crate) fn attachable(v: &Prepared<'_>, h: &Prepared<'_>) -> bool {
    let (x, y) = (v.report, h.report);
    let (Some(dv), Some(dh)) = (v.event_day, h.event_day) else {
        return false;
    };
    let days = if !h.dated() {
        true
    } else if v.dated() {
        (dv - dh).abs() <= max_days_apart(x, y)
    } else {
        let before = if told_later(&x.event_type) {
            LATE_REPORT_DAYS
        } else {
            MAX_DAYS_APART
        };
        (dv - before..=dv + MAX_DAYS_APART).contains(&dh)
    };
    days && x.document != y.document
        && x.family == y.family
        && x.country == y.country
        && perpetrators_compatible(x, y)
}

/// Whether later reports with no date of their own can be of an event of this type: a single
/// incident that reactions, visits and recaps refer back to (a bombing, an attack on civilians,
/// an abduction, a town or a base changing hands). Fighting, shelling and air strikes go on at
/// one place day after day, protests recur, and strategic developments (arrests) come in
/// series: an undated report of those is news of its own day ([`MAX_DAYS_APART`]).
pub(crate) fn told_later(event_type: &str) -> bool {
    matches!(
        event_type,
        "suicide_bomb"
            | "remote_explosive"
            | "grenade"
            | "chemical_weapon"
            | "attack"
            | "abduction"
            | "sexual_violence"
            | "government_regains_territory"
            | "non_state_overtakes_territory"
    )
}

/// Whether two reports are at one place (the same place, or a part of a town and the town).
pub(crate) fn same_place(a: &Prepared<'_>, b: &Prepared<'_>) -> bool {
    match (&a.place, &b.place) {
        (Some(p), Some(q)) => place_relation(p, q).is_some(),
        _ => false,
    }
}

/// Whether two reports may be reports of one event (the rule in the crate docs). Symmetric.
pub fn compatible(a: &Report, b: &Report) -> bool {
    pair_key(&Prepared::new(a), &Prepared::new(b)).is_some()
}
