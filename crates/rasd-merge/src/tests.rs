use proptest::prelude::*;

use super::*;

fn report(id: &str, date: &str, lat: f64, lon: f64) -> Report {
    Report {
        id: id.into(),
        document: id.split('#').next().unwrap_or(id).into(),
        event_type: "air_strike".into(),
        family: "remote".into(),
        date: Some(date.into()),
        date_precision: Some("day".parse().unwrap()),
        country: Some("SY".into()),
        place: Some("حلب".into()),
        place_precision: Some("town".parse().unwrap()),
        gazetteer_id: None,
        lat: Some(lat),
        lon: Some(lon),
        perpetrators: vec![],
        modality: "reported".parse().unwrap(),
        confidence: 0.7,
        claims: vec![],
    }
}

fn killed(n: u64) -> Claim {
    Claim {
        kind: "killed".parse().unwrap(),
        low: Some(n),
        high: Some(n),
        qualifier: "exact".parse().unwrap(),
        group: "civilians".parse().unwrap(),
    }
}

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
}

fn arbitrary_report() -> impl Strategy<Value = Report> {
    (
        0u8..12,
        1u8..3,
        0u8..4,
        0u8..3,
        0u8..3,
        prop::option::of(0u64..20),
        0u8..3,
    )
        .prop_map(|(doc, n, day, place, family, figure, actor)| {
            let mut r = report(
                &format!("d{doc}#{n}"),
                &format!("2016-12-1{day}"),
                36.2 + f64::from(place) * 0.1,
                37.16,
            );
            r.place = Some(format!("p{place}"));
            r.family = ["remote", "battle", "civilians"][usize::from(family)].into();
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
