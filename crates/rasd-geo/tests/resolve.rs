//! Table-driven tests of mention finding and resolution on short Arabic sentences.

use rasd_geo::{Gazetteer, Precision, ResolveHints, ResolvedPlace};
use rasd_text::NormalizedText;
use std::sync::OnceLock;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::load().expect("embedded gazetteer loads"))
}

fn resolve(text: &str, actor_countries: &[&str]) -> Vec<ResolvedPlace> {
    let g = gazetteer();
    let t = NormalizedText::new(text);
    let mentions = g.find_mentions(&t);
    let hints = ResolveHints {
        actor_countries: actor_countries.iter().map(|c| c.to_string()).collect(),
    };
    let resolved = g.resolve(&t, &mentions, &hints);
    assert_eq!(resolved.len(), mentions.len());
    for (m, r) in mentions.iter().zip(&resolved) {
        // Offsets are code points of the original text.
        assert_eq!(t.surface(m.span), r.name);
        let name: String = text.chars().skip(m.span.start).take(m.span.len()).collect();
        assert_eq!(name, r.name);
    }
    resolved
}

/// (text, actor countries, expected first place: name, country, precision, gazetteer id or
/// "" for an unknown place, whether it has a point).
#[allow(clippy::type_complexity)]
const CASES: &[(&str, &[&str], &str, &str, Precision, &str, bool)] = &[
    (
        "قصفت الطائرات حلب أمس",
        &[],
        "حلب",
        "SY",
        Precision::Town,
        "geonames:170063",
        true,
    ),
    (
        "اشتباكات عنيفة بحلب",
        &[],
        "حلب",
        "SY",
        Precision::Town,
        "geonames:170063",
        true,
    ),
    (
        "غارات على شرقي حلب",
        &[],
        "شرقي حلب",
        "SY",
        Precision::Town,
        "geonames:170063",
        true,
    ),
    (
        "سقطت قذائف في حَلَب",
        &[],
        "حَلَب",
        "SY",
        Precision::Town,
        "geonames:170063",
        true,
    ),
    (
        "قذائف على حي الكلاسة بحلب",
        &[],
        "حي الكلاسة",
        "SY",
        Precision::Neighbourhood,
        "ocha:",
        true,
    ),
    (
        "قذائف على حي الزبدية",
        &[],
        "حي الزبدية",
        "SY",
        Precision::Neighbourhood,
        "ocha:",
        true,
    ),
    (
        "اشتباكات في ريف دمشق",
        &[],
        "ريف دمشق",
        "SY",
        Precision::Region,
        "geonames:170652",
        true,
    ),
    (
        "قصف مدفعي على ريف حلب الشمالي",
        &[],
        "ريف حلب",
        "SY",
        Precision::Region,
        "geonames:170062",
        true,
    ),
    (
        "غارة على إدلب",
        &[],
        "إدلب",
        "SY",
        Precision::Town,
        "geonames:169389",
        true,
    ),
    (
        "غارة على ادلب",
        &[],
        "ادلب",
        "SY",
        Precision::Town,
        "geonames:169389",
        true,
    ),
    (
        "معارك في الموصل",
        &[],
        "الموصل",
        "IQ",
        Precision::Town,
        "geonames:99072",
        true,
    ),
    (
        "انفجار في بعقوبة",
        &[],
        "بعقوبة",
        "IQ",
        Precision::Town,
        "geonames:97990",
        true,
    ),
    (
        "اشتباكات في بنغازي",
        &[],
        "بنغازي",
        "LY",
        Precision::Town,
        "geonames:88319",
        true,
    ),
    (
        "قتلى في عدن",
        &[],
        "عدن",
        "YE",
        Precision::Town,
        "geonames:415189",
        true,
    ),
    (
        "قصف على تعز",
        &[],
        "تعز",
        "YE",
        Precision::Town,
        "geonames:70225",
        true,
    ),
    (
        "غارات على صنعاء",
        &[],
        "صنعاء",
        "YE",
        Precision::Town,
        "geonames:71137",
        true,
    ),
    (
        "معارك قرب الحديدة",
        &[],
        "الحديدة",
        "YE",
        Precision::Town,
        "geonames:79415",
        true,
    ),
    (
        "هجوم في كراتشي",
        &[],
        "كراتشي",
        "PK",
        Precision::Town,
        "geonames:1174872",
        true,
    ),
    (
        "سقطت قذيفة على كيليس",
        &[],
        "كيليس",
        "TR",
        Precision::Town,
        "geonames:307864",
        true,
    ),
    (
        "هجوم في العريش",
        &[],
        "العريش",
        "EG",
        Precision::Town,
        "geonames:361546",
        true,
    ),
    (
        "انفجار في مدينة دهوك",
        &[],
        "مدينة دهوك",
        "IQ",
        Precision::Town,
        "geonames:96994",
        true,
    ),
    (
        "غارة على محافظة لحج",
        &[],
        "محافظة لحج",
        "YE",
        Precision::Region,
        "geonames:6201197",
        true,
    ),
    (
        "قصف شمال شرق مدينة تعز",
        &[],
        "شمال شرق مدينة تعز",
        "YE",
        Precision::Town,
        "geonames:70225",
        true,
    ),
    // An unknown quarter inside a known city: the city's point, precision neighbourhood.
    (
        "هجوم في منطقة منجوبير بكراتشي",
        &[],
        "منطقة منجوبير",
        "PK",
        Precision::Neighbourhood,
        "",
        true,
    ),
    // An unknown village after a cue: no point, the document's country, the cue's precision.
    (
        "قذيفة على قرية الخوجرة",
        &["SA"],
        "قرية الخوجرة",
        "SA",
        Precision::Town,
        "",
        false,
    ),
    (
        "سقطت قذيفة على جازان",
        &["SA"],
        "جازان",
        "SA",
        Precision::Town,
        "geonames:105299",
        true,
    ),
    // عمان: Amman when the document is about Jordan, Oman otherwise.
    (
        "قال الجيش الأردني إن انفجارا وقع في عمان",
        &["JO"],
        "عمان",
        "JO",
        Precision::Town,
        "geonames:250441",
        true,
    ),
    (
        "وصل الوزير إلى عمان",
        &[],
        "عمان",
        "OM",
        Precision::Country,
        "country:OM",
        false,
    ),
    (
        "قتل جنود في سوريا",
        &[],
        "سوريا",
        "SY",
        Precision::Country,
        "country:SY",
        false,
    ),
];

#[test]
fn resolves_the_table() {
    let mut failures = Vec::new();
    for &(text, hints, name, country, precision, id, point) in CASES {
        let got = resolve(text, hints);
        let Some(r) = got.iter().find(|r| r.name == name) else {
            failures.push(format!(
                "{text}: no mention {name:?} in {:?}",
                got.iter().map(|r| &r.name).collect::<Vec<_>>()
            ));
            continue;
        };
        let ok = r.country.as_deref() == Some(country)
            && r.precision == Some(precision)
            && (if id.is_empty() {
                r.gazetteer_id.is_none()
            } else {
                r.gazetteer_id.as_deref().is_some_and(|g| g.starts_with(id))
            })
            && r.lat.is_some() == point
            && r.lon.is_some() == point;
        if !ok {
            failures.push(format!("{text}: {r:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn common_words_are_not_places() {
    for text in [
        "دعا الطرفين إلى السلام",
        "قال الجيش في بيان",
        "حقق النصر على خصومه",
        "سلام عليكم",
        "الوضع المالي صعب",
        "ذهب إلى السوق",
        "أعلن التحالف أن الحكومة",
    ] {
        let got = resolve(text, &[]);
        assert!(got.is_empty(), "{text}: {got:?}");
    }
}

#[test]
fn neighbourhood_records_its_container() {
    let g = gazetteer();
    let t = NormalizedText::new("سقطت قذائف على حي الكلاسة بحلب، وقتل ثلاثة");
    let mentions = g.find_mentions(&t);
    assert_eq!(mentions.len(), 2, "{mentions:?}");
    assert_eq!(mentions[0].container, Some(1));
    assert_eq!(mentions[0].cue_precision, Some(Precision::Neighbourhood));
    assert_eq!(t.surface(mentions[0].name_span), "الكلاسة");
    assert_eq!(
        t.surface(rasd_geo::span_with_containers(&mentions, 0)),
        "حي الكلاسة بحلب"
    );
    let resolved = g.resolve(&t, &mentions, &ResolveHints::default());
    assert!(resolved[0]
        .gazetteer_id
        .as_deref()
        .is_some_and(|id| id.starts_with("ocha:")));
}

#[test]
fn mentions_are_ordered_and_disjoint() {
    let g = gazetteer();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/aleppo.txt"
    ))
    .unwrap_or_default();
    let t = NormalizedText::new(&text);
    let mentions = g.find_mentions(&t);
    assert!(!mentions.is_empty());
    for w in mentions.windows(2) {
        assert!(w[0].span.end <= w[1].span.start, "{w:?}");
    }
    for m in &mentions {
        assert!(m.span.start <= m.name_span.start && m.name_span.end <= m.span.end);
    }
}

#[test]
fn place_ids_out_of_range_do_not_panic() {
    let g = gazetteer();
    assert!(g.len() > 5000);
    assert_eq!(g.place(rasd_geo::PlaceId(u32::MAX)).gazetteer_id, "");
}

/// An ambiguous small name told just after a certain governorate, with no reading near it, is a
/// part of that governorate the gazetteer lacks: it takes the governorate's point and country.
#[test]
fn an_ambiguous_name_belongs_to_the_place_told_before_it() {
    let resolved = resolve(
        "وفي محافظة تعز سقطت قذائف الميليشيات في الروضة صباح اليوم",
        &[],
    );
    let taiz = resolved
        .iter()
        .find(|r| r.name == "محافظة تعز")
        .expect("Taiz");
    let rawdah = resolved
        .iter()
        .find(|r| r.name == "الروضة")
        .expect("الروضة");
    assert_eq!(rawdah.country.as_deref(), Some("YE"));
    assert_eq!((rawdah.lat, rawdah.lon), (taiz.lat, taiz.lon));
    assert_eq!(rawdah.gazetteer_id, None);
    // Alone, the name keeps its own (most likely) reading.
    let alone = resolve("سقطت قذائف في الروضة", &[]);
    assert!(alone.iter().all(|r| r.gazetteer_id.is_some()), "{alone:?}");
}

/// An unknown quarter, street or square belongs to the town told just before it, or just after
/// it in the same clause; an unknown site (a base) does not borrow a town told before it, and a
/// town told after a comma is another clause.
#[test]
fn an_unknown_part_of_a_town_takes_the_town_beside_it() {
    let point_of = |resolved: &[ResolvedPlace], name: &str| {
        let r = resolved
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("{name} in {resolved:?}"));
        (r.lat, r.lon, r.precision)
    };
    let before = resolve(
        "دارت معارك في مدينة الموصل أمس، وتجددت اليوم في شارع القناطير",
        &[],
    );
    let (lat, lon, _) = point_of(&before, "مدينة الموصل");
    assert_eq!(
        point_of(&before, "شارع القناطير"),
        (lat, lon, Some(Precision::Neighbourhood))
    );

    let after = resolve("انفجرت عبوة في ميدان السبعاوي غرب القاهرة", &[]);
    let (lat, lon, _) = point_of(&after, "غرب القاهرة");
    assert!(lat.is_some());
    assert_eq!(point_of(&after, "ميدان السبعاوي").0, lat);
    assert_eq!(point_of(&after, "ميدان السبعاوي").1, lon);

    let site = resolve("زار الوزير صنعاء ثم توجه إلى قاعدة القناطير", &[]);
    assert_eq!(point_of(&site, "قاعدة القناطير").0, None);

    let next_clause = resolve("سقطت قذيفة في حي القناطير، ثم زار الوزير صنعاء", &[]);
    assert_eq!(point_of(&next_clause, "حي القناطير").0, None);
}

/// Set phrases make a name an ordinary noun: the word after (حماة الوطن "protectors of the
/// homeland") or before it (أذان المغرب "the call to the sunset prayer"), with a proclitic or not.
#[test]
fn set_phrases_are_not_places() {
    let names =
        |text: &str| -> Vec<String> { resolve(text, &[]).into_iter().map(|r| r.name).collect() };
    assert!(names("قتل عدد من حماة الوطن").is_empty());
    assert_eq!(names("قصف الطيران حماة الليلة"), ["حماة"]);
    assert!(names("هاجمه قبيل أذان المغرب").is_empty());
    assert!(names("خرج بعد صلاة المغرب").is_empty());
    assert!(names("خرج لصلاة المغرب").is_empty());
    assert_eq!(names("وصل الوزير إلى المغرب"), ["المغرب"]);
    assert!(names("لا نجد تفسيرا").is_empty());
    assert_eq!(names("في منطقة نجد"), ["منطقة نجد"]);
}

/// منفذ is a border post before a name and "the perpetrator of" before an act.
#[test]
fn the_perpetrator_of_an_act_is_no_border_post() {
    let names =
        |text: &str| -> Vec<String> { resolve(text, &[]).into_iter().map(|r| r.name).collect() };
    assert!(names("كشفت الوزارة هوية منفذ تفجير المسجد").is_empty());
    assert!(names("قتل منفذ الهجوم").is_empty());
    assert!(names("اعتقل منفذ العملية").is_empty());
    assert_eq!(names("عبر منفذ الوديعة"), ["منفذ الوديعة"]);
}
