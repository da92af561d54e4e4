use proptest::prelude::*;
use rasd_extract::record::{DatePrecision, Group, Modality, PlacePrecision, Qualifier};

use super::*;
use crate::rule::pair_key;

fn report(id: &str, date: &str, lat: f64, lon: f64) -> Report {
    Report {
        id: id.into(),
        document: id.split('#').next().unwrap_or(id).into(),
        event_type: "air_strike".into(),
        family: "remote".into(),
        date: Some(date.into()),
        date_precision: Some(DatePrecision::Day),
        date_basis: DateBasis::Relative,
        country: Some("SY".into()),
        place: Some("حلب".into()),
        place_precision: Some(PlacePrecision::Town),
        gazetteer_id: None,
        admin1: None,
        lat: Some(lat),
        lon: Some(lon),
        perpetrators: vec![],
        modality: Modality::Reported,
        confidence: 0.7,
        claims: vec![],
    }
}

fn killed(n: u64) -> Claim {
    Claim {
        kind: CasualtyKind::Killed,
        low: Some(n),
        high: Some(n),
        qualifier: Qualifier::Exact,
        group: Group::Civilians,
    }
}

/// A report at a gazetteer place.
fn at(id: &str, date: &str, place: (&str, &str, f64, f64)) -> Report {
    let (gazetteer_id, name, lat, lon) = place;
    let mut r = report(id, date, lat, lon);
    r.gazetteer_id = Some(gazetteer_id.into());
    r.place = Some(name.into());
    r
}

// Idlib governorate, as data/gazetteer.tsv has them: Ariha and Saraqib are 18 km apart,
// Maarrat Misrin and Idlib 10 km.
const ARIHA: (&str, &str, f64, f64) = ("geonames:172994", "اريحا", 35.81374, 36.60964);
const SARAQIB: (&str, &str, f64, f64) = ("geonames:164816", "سراقب", 35.86447, 36.80591);
const IDLIB: (&str, &str, f64, f64) = ("geonames:169389", "ادلب", 35.93062, 36.63393);
const MAARRAT_MISRIN: (&str, &str, f64, f64) =
    ("geonames:167605", "معره مصرين", 36.01152, 36.67183);

#[test]
fn the_rule_item_by_item() {
    let a = report("a#1", "2016-12-12", 36.2, 37.16);
    let mut b = report("b#1", "2016-12-13", 36.25, 37.2);
    assert!(compatible(&a, &b));
    assert!(compatible(&b, &a));
    // Same document.
    b.document = "a".into();
    assert!(!compatible(&a, &b));
    b.document = "b".into();
    // Two days apart.
    b.date = Some("2016-12-14".into());
    assert!(!compatible(&a, &b));
    b.date = Some("2016-12-11".into());
    assert!(compatible(&a, &b));
    // Another family.
    b.family = "battle".into();
    assert!(!compatible(&a, &b));
    b.family = "remote".into();
    // Far apart, different names: Idlib is ~55 km from Aleppo.
    let mut far = report("c#1", "2016-12-12", 35.93, 36.63);
    far.place = Some("ادلب".into());
    assert!(!compatible(&a, &far));
    // The same town name without coordinates still matches.
    let mut named = report("d#1", "2016-12-12", 0.0, 0.0);
    named.lat = None;
    named.lon = None;
    assert!(compatible(&a, &named));
    // Region precision never merges.
    let mut region = report("e#1", "2016-12-12", 36.2, 37.16);
    region.place_precision = Some("region".parse().unwrap());
    assert!(!compatible(&a, &region));
    // Negated reports stay alone.
    let mut negated = report("f#1", "2016-12-12", 36.2, 37.16);
    negated.modality = "negated".parse().unwrap();
    assert!(!compatible(&a, &negated));
    // Month precision is not a day.
    let mut month = report("g#1", "2016-12-12", 36.2, 37.16);
    month.date_precision = Some("month".parse().unwrap());
    assert!(!compatible(&a, &month));
}

#[test]
fn perpetrators_must_agree_when_both_are_named() {
    let mut a = report("a#1", "2016-12-12", 36.2, 37.16);
    let mut b = report("b#1", "2016-12-12", 36.2, 37.16);
    a.perpetrators = vec!["RUSMIL".into()];
    assert!(compatible(&a, &b), "b names no perpetrator");
    b.perpetrators = vec!["SYRMIL".into()];
    assert!(!compatible(&a, &b));
    b.perpetrators = vec!["RUS".into(), "SYRMIL".into()];
    assert!(compatible(&a, &b), "RUS is a prefix of RUSMIL");
}

#[test]
fn complete_linkage_does_not_chain_days() {
    let reports = [
        report("a#1", "2016-12-12", 36.2, 37.16),
        report("b#1", "2016-12-13", 36.2, 37.16),
        report("c#1", "2016-12-14", 36.2, 37.16),
    ];
    let events = merge(&reports, &Constraints::default());
    assert_eq!(events.len(), 2);
    // a-b and b-c tie on distance and days; the pair of smaller ids is tried first.
    let big = events.iter().find(|e| e.members.len() == 2).unwrap();
    assert_eq!(big.members, vec!["a#1", "b#1"]);
    assert_eq!(big.id, event_id("a#1"));
}

#[test]
fn reconciled_figures_and_conflict_flag() {
    let mut a = report("a#1", "2016-12-12", 36.2, 37.16);
    let mut b = report("b#1", "2016-12-12", 36.2, 37.16);
    let mut c = report("c#1", "2016-12-12", 36.2, 37.16);
    a.claims = vec![killed(10)];
    b.claims = vec![killed(12)];
    c.claims = vec![killed(12)];
    let events = merge(&[a, b, c], &Constraints::default());
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(
        e.killed,
        Some(Figures {
            low: 10,
            best: 12,
            high: 12
        })
    );
    assert!(e.conflicting);
    assert_eq!(e.injured, None);
}

#[test]
fn constraints_split_and_join() {
    let reports = [
        report("a#1", "2016-12-12", 36.2, 37.16),
        report("b#1", "2016-12-12", 36.2, 37.16),
        report("c#1", "2016-12-12", 36.2, 37.16),
    ];
    assert_eq!(merge(&reports, &Constraints::default()).len(), 1);
    // A reviewer moves c out.
    let split = Constraints {
        must_link: vec![],
        cannot_link: vec![("c#1".into(), "a#1".into()), ("c#1".into(), "b#1".into())],
    };
    let events = merge(&reports, &split);
    assert_eq!(events.len(), 2);
    assert!(events.iter().any(|e| e.members == vec!["c#1"]));
    // A reviewer joins a far report.
    let far = report("z#1", "2016-12-30", 33.5, 36.3);
    let mut all = reports.to_vec();
    all.push(far);
    let join = Constraints {
        must_link: vec![
            ("z#1".into(), "a#1".into()),
            ("a#1".into(), "b#1".into()),
            ("c#1".into(), "a#1".into()),
        ],
        cannot_link: vec![],
    };
    let events = merge(&all, &join);
    assert_eq!(events.len(), 1, "{events:?}");
    // Cannot-link wins over must-link.
    let both = Constraints {
        must_link: vec![("a#1".into(), "b#1".into())],
        cannot_link: vec![("b#1".into(), "a#1".into())],
    };
    let events = merge(&reports, &both);
    assert!(
        events
            .iter()
            .all(|e| !(e.members.contains(&"a#1".to_owned())
                && e.members.contains(&"b#1".to_owned())))
    );
}

#[test]
fn event_ids_are_stable() {
    // Pinned: the store and the Spark job must agree, and ids appear in URLs.
    assert_eq!(event_id(""), "e-cbf29ce484222325");
    assert_eq!(event_id("a"), "e-af63dc4c8601ec8c");
}

#[test]
fn from_event_reads_the_record() {
    let json = r#"{"format":1,"doc":{"id":"d","date":"2016-12-12","source":null,"url":null,"chars":10},
      "events":[{"id":"d#1","type":"air_strike","acled":{"event_type":"","sub_event_type":""},
      "cameo":"195","detail":null,"date":{"value":"2016-12-12","precision":"day","text":null,"span":null},
      "location":{"name":"حَلَب","name_en":"Aleppo","country":"SY","admin1":"Aleppo","lat":36.2,"lon":37.16,
        "precision":"town","gazetteer_id":"geonames:170063","span":[0,3]},
      "actors":[{"role":"perpetrator","text":"الطيران الروسي","name":"Russia","code":"RUSMIL","span":null}],
      "casualties":[{"kind":"killed","low":3,"high":3,"qualifier":"exact","group":"civilians","text":"3","span":null}],
      "attribution":[],"modality":"reported","evidence":[[0,10]],"confidence":0.9}]}"#;
    let record: rasd_extract::DocumentRecord = serde_json::from_str(json).unwrap();
    let taxonomy = families().unwrap();
    let r = Report::from_event(&record.doc, &record.events[0], &taxonomy);
    assert_eq!(r.family, "remote");
    assert_eq!(r.place.as_deref(), Some("حلب"));
    assert_eq!(r.perpetrators, vec!["RUSMIL"]);
    assert_eq!(r.claims.len(), 1);
    assert_eq!(r.date_basis, DateBasis::Publication, "no date words");
    // The words of the date say how it was read.
    let mut event = record.events[0].clone();
    for (words, basis) in [
        ("أمس", DateBasis::Relative),
        ("مساء الاثنين", DateBasis::Relative),
        ("12 ديسمبر 2016", DateBasis::Calendar),
        ("12/12/2016", DateBasis::Calendar),
    ] {
        event.date.text = Some(words.into());
        let r = Report::from_event(&record.doc, &event, &taxonomy);
        assert_eq!(r.date_basis, basis, "{words}");
    }
}

fn arbitrary_report() -> impl Strategy<Value = Report> {
    (
        (0u8..12, 1u8..3, 0u8..4),
        0u8..5,
        0u8..4,
        prop::option::of(0u64..20),
        0u8..3,
        0u8..3,
    )
        .prop_map(|((doc, n, day), place, kind, figure, actor, basis)| {
            let mut r = report(
                &format!("d{doc}#{n}"),
                &format!("2016-12-1{day}"),
                36.2 + f64::from(place) * 0.1,
                37.16,
            );
            r.place = Some(format!("p{place}"));
            r.admin1 = (place < 2).then(|| "Idlib".to_owned());
            // Towns, a region holding two of them, a country.
            match place {
                3 => {
                    r.place_precision = Some(PlacePrecision::Region);
                    r.gazetteer_id = Some("g:idlib".into());
                    r.admin1 = Some("Idlib".into());
                }
                4 => {
                    r.place_precision = Some(PlacePrecision::Country);
                    r.gazetteer_id = Some("country:SY".into());
                }
                _ => {}
            }
            let (event_type, family) = match kind {
                0 => ("air_strike", "remote"),
                1 => ("suicide_bomb", "remote"),
                2 => ("armed_clash", "battle"),
                _ => ("attack", "civilians"),
            };
            (r.event_type, r.family) = (event_type.into(), family.into());
            r.date_basis = [
                DateBasis::Relative,
                DateBasis::Publication,
                DateBasis::Calendar,
            ][usize::from(basis)];
            r.perpetrators = match actor {
                0 => vec![],
                1 => vec!["SYRMIL".into()],
                _ => vec!["RUSMIL".into()],
            };
            r.claims = figure.map(killed).into_iter().collect();
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn shuffling_the_input_gives_the_same_output(
        reports in prop::collection::vec(arbitrary_report(), 0..24),
        seed in any::<u64>(),
        cuts in prop::collection::vec((0usize..24, 0usize..24, any::<bool>()), 0..4),
    ) {
        // Duplicate ids would make "the" report ambiguous: keep the first of each.
        let mut seen = std::collections::HashSet::new();
        let reports: Vec<Report> = reports.into_iter().filter(|r| seen.insert(r.id.clone())).collect();
        let mut constraints = Constraints::default();
        for (i, j, must) in cuts {
            if let (Some(a), Some(b)) = (reports.get(i), reports.get(j)) {
                let pair = (a.id.clone(), b.id.clone());
                if must { constraints.must_link.push(pair) } else { constraints.cannot_link.push(pair) }
            }
        }
        let expected = merge(&reports, &constraints);
        // A deterministic shuffle (Fisher-Yates with an LCG) of reports and constraints.
        let mut state = seed | 1;
        let mut next = |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % n.max(1)
        };
        let mut shuffled = reports.clone();
        for i in (1..shuffled.len()).rev() {
            let j = next(i + 1);
            shuffled.swap(i, j);
        }
        let mut flipped = constraints.clone();
        flipped.must_link = flipped.must_link.into_iter().rev().map(|(a, b)| (b, a)).collect();
        flipped.cannot_link.reverse();
        prop_assert_eq!(merge(&shuffled, &flipped), expected.clone());
        // Every report is in exactly one event, and members are pairwise compatible or joined.
        let total: usize = expected.iter().map(|e| e.members.len()).sum();
        prop_assert_eq!(total, reports.len());
        for e in &expected {
            for (x, y) in &constraints.cannot_link {
                prop_assert!(!(e.members.contains(x) && e.members.contains(y)) || x == y);
            }
        }
    }
}

/// The issue's three reports of one day in Idlib: an air strike on the market of Ariha killing
/// 12 (one outlet), the same strike with 15 (another), and artillery shelling of Saraqib, 18 km
/// away, killing 5. Two events: the Ariha strike with both tolls, and the Saraqib shelling.
#[test]
fn the_idlib_day_is_two_events() {
    let mut ariha_12 = at("enab#1", "2016-03-10", ARIHA);
    ariha_12.claims = vec![killed(12)];
    let mut ariha_15 = at("smart#1", "2016-03-10", ARIHA);
    ariha_15.claims = vec![killed(15)];
    let mut saraqib = at("orient#1", "2016-03-10", SARAQIB);
    saraqib.event_type = "shelling".into();
    saraqib.claims = vec![killed(5)];
    let events = merge(&[ariha_12, ariha_15, saraqib], &Constraints::default());
    assert_eq!(events.len(), 2, "{events:?}");
    let strike = events.iter().find(|e| e.members.len() == 2).unwrap();
    assert_eq!(strike.members, vec!["enab#1", "smart#1"]);
    assert_eq!(strike.event_type, "air_strike");
    let killed = strike.killed.unwrap();
    assert_eq!((killed.low, killed.high), (12, 15));
    assert!(strike.conflicting, "12 and 15 exactly do not overlap");
    assert!(strike.conflicting_types.is_empty());
    let shelling = events.iter().find(|e| e.members == ["orient#1"]).unwrap();
    assert_eq!(shelling.event_type, "shelling");
    assert_eq!(
        shelling.killed.map(|k| (k.low, k.best, k.high)),
        Some((5, 5, 5))
    );
}

#[test]
fn two_named_places_are_two_events_whatever_the_distance() {
    let idlib = at("a#1", "2016-03-10", IDLIB);
    let near = at("b#1", "2016-03-10", MAARRAT_MISRIN);
    assert!(!compatible(&idlib, &near), "10 km apart, two towns");
    // Two towns of one name (two entries): two places.
    let mut namesake = at("c#1", "2016-03-10", SARAQIB);
    namesake.place = idlib.place.clone();
    assert!(!compatible(&idlib, &namesake));
    // Places the gazetteer does not know: one name is one place, two names two places.
    let mut x = report("d#1", "2016-03-10", 35.9, 36.6);
    let mut y = report("e#1", "2016-03-10", 35.9, 36.6);
    x.place = Some("كفر عويد".into());
    y.place = Some("كفر عويد".into());
    assert!(compatible(&x, &y));
    y.place = Some("كفر نبل".into());
    assert!(!compatible(&x, &y), "same point, two names");
    // One quarter name in two cities far apart: two places.
    y.place = x.place.clone();
    y.lat = Some(36.5);
    assert!(!compatible(&x, &y));
}

#[test]
fn an_unknown_part_of_a_town_is_the_town() {
    // Aleppo, and a quarter the gazetteer does not know: it took Aleppo's point.
    let town = at(
        "a#1",
        "2016-12-12",
        ("geonames:170063", "حلب", 36.20124, 37.16117),
    );
    let mut quarter = report("b#1", "2016-12-12", 36.20124, 37.16117);
    quarter.place = Some("حي الشعار".into());
    quarter.place_precision = Some(PlacePrecision::Neighbourhood);
    assert!(compatible(&town, &quarter));
    // An OCHA neighbourhood of Aleppo, 3 km from its point, is a named place of its own.
    let mut known = at(
        "c#1",
        "2016-12-12",
        ("ocha:N0119", "السكن الشبابي", 36.24234, 37.13624),
    );
    known.place_precision = Some(PlacePrecision::Neighbourhood);
    assert!(!compatible(&town, &known));
    // Two quarters are two places.
    assert!(!compatible(&quarter, &known));
    // A quarter that took another town's point is not a part of this one.
    let mut elsewhere = quarter.clone();
    (elsewhere.lat, elsewhere.lon) = (Some(36.25), Some(37.16));
    assert!(!compatible(&town, &elsewhere));
    // And a district is not the town that gives it its name.
    let mut district = town.clone();
    district.id = "d#1".into();
    district.document = "d".into();
    district.gazetteer_id = Some("geonames:170062".into());
    district.place_precision = Some(PlacePrecision::District);
    assert!(!compatible(&town, &district));
}

#[test]
fn dates_written_out_must_agree() {
    let mut a = at("a#1", "2016-03-10", ARIHA);
    let mut b = at("b#1", "2016-03-11", ARIHA);
    assert!(compatible(&a, &b), "both relative: a day apart is allowed");
    a.date_basis = DateBasis::Calendar;
    assert!(compatible(&a, &b), "one relative");
    b.date_basis = DateBasis::Publication;
    assert!(compatible(&a, &b), "one from the publication date");
    b.date_basis = DateBasis::Calendar;
    assert!(!compatible(&a, &b), "two dates written out, a day apart");
    b.date = a.date.clone();
    assert!(compatible(&a, &b));
    let c = at("c#1", "2016-03-12", ARIHA);
    assert!(!compatible(&a, &c), "two days apart");
}

#[test]
fn one_event_typed_two_ways_joins_only_with_the_same_toll_and_is_flagged() {
    let mut strike = at("a#1", "2016-03-10", ARIHA);
    let mut shelling = at("b#1", "2016-03-10", ARIHA);
    shelling.event_type = "shelling".into();
    assert!(
        !compatible(&strike, &shelling),
        "no toll to tell it is one event"
    );
    strike.claims = vec![killed(7)];
    shelling.claims = vec![killed(9)];
    assert!(!compatible(&strike, &shelling), "two tolls");
    shelling.claims = vec![killed(7)];
    assert!(compatible(&strike, &shelling));
    // Not at a neighbourhood of the town: the very same place only.
    let mut quarter = shelling.clone();
    quarter.gazetteer_id = None;
    quarter.place = Some("حي الجامع".into());
    quarter.place_precision = Some(PlacePrecision::Neighbourhood);
    assert!(!compatible(&strike, &quarter));
    let events = merge(&[strike.clone(), shelling.clone()], &Constraints::default());
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].conflicting_types, vec!["air_strike", "shelling"]);
    assert!(!events[0].conflicting);
    // Strategic developments and verbal events are what they are: never joined across types.
    for (family, a, b) in [
        ("strategic", "arrests", "other_strategic"),
        ("verbal", "condemn", "accuse"),
    ] {
        let mut x = strike.clone();
        let mut y = shelling.clone();
        (x.family, y.family) = (family.into(), family.into());
        (x.event_type, y.event_type) = (a.into(), b.into());
        assert!(!compatible(&x, &y), "{family}");
    }
    // Reports of one type are tried before reports typed differently: a third report of the
    // strike joins the strike, and the shelling report then joins them both.
    let mut third = at("c#1", "2016-03-10", ARIHA);
    third.claims = vec![killed(7)];
    let events = merge(&[strike, shelling, third], &Constraints::default());
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event_type, "air_strike", "two reports of three");
}

#[test]
fn an_unnamed_perpetrator_is_compatible_with_a_named_one() {
    let mut a = at("a#1", "2015-07-20", ARIHA);
    let mut b = at("b#1", "2015-07-20", ARIHA);
    a.perpetrators = vec!["ISIL".into()];
    b.perpetrators = vec!["UAF".into()];
    assert!(compatible(&a, &b), "UAF: a perpetrator reported, not named");
    b.perpetrators = vec!["UAF".into(), "SYRMIL".into()];
    assert!(!compatible(&a, &b), "the named one must still match");
}

#[test]
fn a_region_is_its_own_place_and_a_country_none() {
    let region = |id: &str, gazetteer_id: &str| {
        let mut r = report(id, "2015-08-06", 18.2, 42.5);
        r.gazetteer_id = Some(gazetteer_id.into());
        r.place = Some("عسير".into());
        r.place_precision = Some(PlacePrecision::Region);
        r
    };
    let asir = region("a#1", "geonames:108179");
    assert!(compatible(&asir, &region("b#1", "geonames:108179")));
    assert!(!compatible(&asir, &region("c#1", "geonames:108180")));
    // A town inside the region is another named place.
    let abha = at(
        "d#1",
        "2015-08-06",
        ("geonames:110690", "ابها", 18.21639, 42.50528),
    );
    assert!(!compatible(&asir, &abha));
    // A region the gazetteer does not know, and a country, never merge.
    let mut unknown = region("e#1", "x");
    unknown.gazetteer_id = None;
    let mut unknown2 = unknown.clone();
    unknown2.id = "h#1".into();
    unknown2.document = "h".into();
    assert!(!compatible(&unknown, &unknown2));
    let mut country = region("f#1", "country:SA");
    country.place_precision = Some(PlacePrecision::Country);
    let mut country2 = country.clone();
    country2.id = "g#1".into();
    country2.document = "g".into();
    assert!(!compatible(&country, &country2));
}

// The Asir bombing of 6 August 2015, as data/gazetteer.tsv has its places.
const ABHA: (&str, &str, f64, f64) = ("geonames:110690", "ابها", 18.21639, 42.50528);
const KHAMIS: (&str, &str, f64, f64) = ("geonames:105072", "خميس مشيط", 18.3, 42.73333);

/// A report of a suicide bombing at a town of the Asir region.
fn bombing(id: &str, date: &str, place: (&str, &str, f64, f64)) -> Report {
    let mut r = at(id, date, place);
    r.event_type = "suicide_bomb".into();
    r.country = Some("SA".into());
    r.admin1 = Some("'Asir".into());
    r
}

/// The same, told only at the region (في منطقة عسير).
fn bombing_in_asir(id: &str, date: &str) -> Report {
    let mut r = bombing(id, date, ("geonames:108179", "عسير", 18.21639, 42.50528));
    r.place_precision = Some(PlacePrecision::Region);
    r
}

fn members(events: &[MergedEvent]) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = events
        .iter()
        .map(|e| e.members.iter().map(String::as_str).collect())
        .collect();
    out.sort();
    out
}

#[test]
fn a_region_joins_the_one_event_inside_it() {
    let abha = bombing("a#1", "2015-08-06", ABHA);
    let asir = bombing_in_asir("b#1", "2015-08-06");
    assert!(!compatible(&abha, &asir), "two places to the pairwise rule");
    let events = merge(&[abha.clone(), asir.clone()], &Constraints::default());
    assert_eq!(members(&events), [vec!["a#1", "b#1"]]);
    // The event keeps the town: the finer place is the representative's.
    assert_eq!(events[0].representative, "a#1");
    // Two events inside the region that day: the region's report could be either.
    let khamis = bombing("c#1", "2015-08-06", KHAMIS);
    let events = merge(
        &[abha.clone(), asir.clone(), khamis],
        &Constraints::default(),
    );
    assert_eq!(members(&events), [vec!["a#1"], vec!["b#1"], vec!["c#1"]]);
    // A town of another region, another type, another day, a reviewer's split: apart.
    let mut elsewhere = abha.clone();
    elsewhere.admin1 = Some("Jazan".into());
    let mut shelling = asir.clone();
    shelling.event_type = "shelling".into();
    let mut later = asir.clone();
    later.date = Some("2015-08-08".into());
    for other in [elsewhere, abha.clone()] {
        for (region, constraints) in [
            (shelling.clone(), Constraints::default()),
            (later.clone(), Constraints::default()),
        ] {
            let events = merge(&[other.clone(), region], &constraints);
            assert_eq!(events.len(), 2, "{events:?}");
        }
    }
    let split = Constraints {
        cannot_link: vec![("a#1".into(), "b#1".into())],
        ..Constraints::default()
    };
    assert_eq!(merge(&[abha, asir], &split).len(), 2);
}

#[test]
fn a_report_without_a_date_joins_the_incident_it_follows() {
    let abha = bombing("a#1", "2015-08-06", ABHA);
    // A condemnation published five days later, with no date of its own.
    let mut reaction = bombing_in_asir("b#1", "2015-08-11");
    reaction.date_basis = DateBasis::Publication;
    let mut at_abha = bombing("c#1", "2015-08-10", ABHA);
    at_abha.date_basis = DateBasis::Publication;
    let events = merge(
        &[abha.clone(), reaction.clone(), at_abha.clone()],
        &Constraints::default(),
    );
    assert_eq!(members(&events), [vec!["a#1", "b#1", "c#1"]]);
    // More than a week later, or with a date of its own five days later: apart.
    let mut too_late = reaction.clone();
    too_late.date = Some("2015-08-14".into());
    let mut dated = reaction.clone();
    dated.date_basis = DateBasis::Relative;
    for other in [too_late, dated] {
        assert_eq!(
            merge(&[abha.clone(), other], &Constraints::default()).len(),
            2
        );
    }
    // Shelling recurs: an undated report of it is news of its own day.
    let shelled = |mut r: Report| {
        r.event_type = "shelling".into();
        r
    };
    let events = merge(
        &[shelled(abha.clone()), shelled(at_abha)],
        &Constraints::default(),
    );
    assert_eq!(events.len(), 2);
    // An event the report could be, and another two days later at the same town: apart.
    let mut next_day = abha.clone();
    next_day.id = "d#1".into();
    next_day.document = "d".into();
    next_day.date = Some("2015-08-08".into());
    next_day.claims = vec![killed(2)];
    let events = merge(&[abha, next_day, reaction], &Constraints::default());
    assert_eq!(events.len(), 3, "{events:?}");
}

#[test]
fn a_report_with_no_place_joins_only_with_the_same_toll() {
    let mut abha = bombing("a#1", "2015-08-06", ABHA);
    abha.claims = vec![killed(13)];
    let mut abha_later = bombing("b#1", "2015-08-07", ABHA);
    abha_later.claims = vec![killed(15)];
    // «تفجير انتحاري في مسجد بالسعودية»: the country only.
    let mut country = bombing("c#1", "2015-08-06", ("country:SA", "السعوديه", 24.0, 45.0));
    country.place_precision = Some(PlacePrecision::Country);
    country.admin1 = None;
    // No toll is no evidence («غارة جوية في سوريا» twice a day); a toll outside the event's
    // range is another event.
    for (figure, joins) in [(None, false), (Some(14), true), (Some(30), false)] {
        country.claims = figure.map(killed).into_iter().collect();
        let events = merge(
            &[abha.clone(), abha_later.clone(), country.clone()],
            &Constraints::default(),
        );
        assert_eq!(events.len() == 1, joins, "{figure:?}: {events:?}");
    }
    // Strategic developments come in series, verbal events are said anywhere: never attached.
    country.claims = vec![killed(14)];
    let arrests = |mut r: Report| {
        r.event_type = "arrests".into();
        r.family = "strategic".into();
        r
    };
    let events = merge(
        &[arrests(abha), arrests(abha_later), arrests(country)],
        &Constraints::default(),
    );
    assert_eq!(events.len(), 2, "{events:?}");
}

#[test]
fn a_shared_toll_joins_two_types_with_their_other_reports() {
    // An explosion at Abha (15 dead in one outlet, none in another) and a suicide bombing there
    // (15 dead in one, 13 in another): one bombing.
    let explosion = |id: &str, claims: Vec<Claim>| {
        let mut r = bombing(id, "2015-08-06", ABHA);
        r.event_type = "remote_explosive".into();
        r.claims = claims;
        r
    };
    let suicide = |id: &str, claims: Vec<Claim>| {
        let mut r = bombing(id, "2015-08-06", ABHA);
        r.claims = claims;
        r
    };
    let reports = [
        explosion("a#1", vec![killed(15)]),
        explosion("b#1", vec![]),
        suicide("c#1", vec![killed(15)]),
        suicide("d#1", vec![killed(13)]),
    ];
    let events = merge(&reports, &Constraints::default());
    assert_eq!(members(&events), [vec!["a#1", "b#1", "c#1", "d#1"]]);
    assert_eq!(
        events[0].conflicting_types,
        ["remote_explosive", "suicide_bomb"]
    );
    // Without the shared toll nothing ties the two types.
    let events = merge(&reports[1..], &Constraints::default());
    assert_eq!(members(&events), [vec!["b#1"], vec!["c#1", "d#1"]]);
}

/// The merge gold (`data/merge-gold/pairs.jsonl`, scored by `scripts/merge-gold.py`) stays
/// well formed: each pair named once, in order, labelled one or two, with a reason.
#[test]
fn the_merge_gold_is_well_formed() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/merge-gold/pairs.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("data/merge-gold/pairs.jsonl");
    let mut seen = std::collections::HashSet::new();
    let mut labels = [0usize; 2];
    for (n, line) in text.lines().enumerate() {
        let pair: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let field = |name: &str| pair[name].as_str().unwrap_or_default().to_owned();
        let (a, b) = (field("a"), field("b"));
        assert!(a < b, "line {}: {a} {b} out of order", n + 1);
        assert!(
            a.contains('#') && b.contains('#'),
            "line {}: event names",
            n + 1
        );
        assert!(seen.insert((a, b)), "line {}: pair told twice", n + 1);
        match field("label").as_str() {
            "one" => labels[0] += 1,
            "two" => labels[1] += 1,
            other => panic!("line {}: label {other:?}", n + 1),
        }
        assert!(
            !field("reason").trim().is_empty(),
            "line {}: no reason",
            n + 1
        );
        assert!(!field("stratum").is_empty(), "line {}: no stratum", n + 1);
    }
    assert!(seen.len() >= 200, "{} pairs", seen.len());
    assert!(labels.iter().all(|&n| n >= 50), "{labels:?}");
}

fn varied_report() -> impl Strategy<Value = Report> {
    (
        0u8..10,
        1u8..3,
        0u8..4,
        0u8..6,
        0u8..2,
        prop::option::of(0u64..3),
    )
        .prop_map(|(doc, n, day, place, family, figure)| {
            let mut r = report(
                &format!("d{doc}#{n}"),
                &format!("2016-12-1{day}"),
                36.2,
                37.16,
            );
            // Towns of the gazetteer 5 km apart, unknown quarters of one of them, an unknown
            // place of its own, a region.
            let (id, name, precision, point) = match place {
                0 => (Some("g:1"), "حلب", PlacePrecision::Town, (36.2, 37.16)),
                1 => (Some("g:2"), "حريتان", PlacePrecision::Town, (36.245, 37.16)),
                2 => (
                    None,
                    "حي الشعار",
                    PlacePrecision::Neighbourhood,
                    (36.2, 37.16),
                ),
                // A metre south of Aleppo's point, across a cell boundary.
                3 => (None, "حي", PlacePrecision::Neighbourhood, (36.19999, 37.16)),
                4 => (None, "كفر", PlacePrecision::Town, (36.3, 37.0)),
                _ => (Some("g:9"), "ريف", PlacePrecision::Region, (36.1, 37.5)),
            };
            r.gazetteer_id = id.map(str::to_owned);
            r.place = Some(name.into());
            r.place_precision = Some(precision);
            (r.lat, r.lon) = (Some(point.0), Some(point.1));
            if family == 1 {
                r.event_type = "shelling".into();
            }
            r.claims = figure.map(killed).into_iter().collect();
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The anchored candidate search finds exactly the pairs that comparing every two reports
    /// finds.
    #[test]
    fn candidate_pairs_are_every_compatible_pair(
        reports in prop::collection::vec(varied_report(), 0..30),
    ) {
        let prepared: Vec<Prepared<'_>> = reports.iter().map(Prepared::new).collect();
        let mut brute = Vec::new();
        for i in 0..prepared.len() {
            for j in i + 1..prepared.len() {
                if let Some(key) = pair_key(&prepared[i], &prepared[j]) {
                    brute.push((key, i, j));
                }
            }
        }
        brute.sort_unstable();
        prop_assert_eq!(crate::candidates::candidate_pairs(&prepared), brute);
    }
}
