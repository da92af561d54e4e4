//! Checks of the shipped lexicons: every row's own examples, the codes, and whole sentences.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rasd_lexicon::rows::{actor_rows, cue_rows, source_rows, trigger_rows};
use rasd_lexicon::{
    ActorKind, Affixes, CueKind, Lexicon, Lexicons, Strength, TriggerForm, SOURCE_KINDS,
};
use rasd_text::{normalize, NormalizedText};

fn lexicons() -> &'static Lexicons {
    static LEXICONS: OnceLock<Lexicons> = OnceLock::new();
    LEXICONS.get_or_init(|| Lexicons::load().expect("the embedded lexicons load"))
}

/// The actor codes of the spec's actors.tsv (XXX* are the country templates).
const SPEC_CODES: &[&str] = &[
    "IRNMIL_PROXY",
    "PGM",
    "ISIL",
    "JAN",
    "AQAP",
    "TAL",
    "HEZ",
    "HOU",
    "HAM",
    "PIJ",
    "SDF",
    "PKK",
    "FSA",
    "BKH",
    "SHB",
    "COA",
    "IUSCOA",
    "NATO",
    "IGOUNO",
    "IGOICRC",
    "NGO",
    "UAF",
];
/// Descriptive IGO codes documented in actors.tsv's header.
const DESCRIPTIVE_CODES: &[&str] = &["IGOARL", "IGOOIC", "IGOAFU", "IGOEUR", "IGOGCC"];

fn code_is_documented(code: &str, iso3: &HashSet<String>) -> bool {
    if SPEC_CODES.contains(&code) || DESCRIPTIVE_CODES.contains(&code) {
        return true;
    }
    let suffixes = ["MIL", "COP", "GOV", "CVL", "REB", "MED"];
    code.len() == 6
        && suffixes.contains(&&code[3..])
        && (&code[..3] == "XXX" || iso3.contains(&code[..3]))
}

#[test]
fn load_succeeds_and_is_fast_enough() {
    let start = std::time::Instant::now();
    let lex = Lexicons::load().unwrap();
    let elapsed = start.elapsed();
    // The release figure (about 10 ms) is in the bench; unoptimized test builds are slower.
    assert!(elapsed.as_secs_f64() < 3.0, "load took {elapsed:?}");
    assert!(lex.triggers.len() > 1000);
    assert!(lex.actors.len() > 3000);
    assert!(!lex.sources.is_empty() && !lex.cues.is_empty());
    assert!(!lex.metonyms.is_empty() && !lex.nationalities.is_empty());
    assert_eq!(lex.taxonomy.types().len(), 30);
    assert!(lex.memory_usage() > 0);
}

#[test]
fn every_trigger_row_matches_its_example_and_not_its_counterexample() {
    let lex = lexicons();
    let mut failures = Vec::new();
    for row in trigger_rows().unwrap() {
        // The example, through the shipped lexicon: some match stands for exactly this row.
        let text = NormalizedText::new(&row.example);
        let found = lex.triggers.find_all(&text);
        if !found.iter().any(|(_, t)| **t == row.trigger) {
            let got: Vec<_> = found
                .iter()
                .map(|(m, t)| format!("{}={}", text.surface(m.span), t.event_type))
                .collect();
            failures.push(format!(
                "line {}: example «{}» does not match ({got:?})",
                row.line, row.example
            ));
        }
        // The counterexample, against this row's forms alone.
        let items = row.forms.iter().map(|f| (f.clone(), ())).collect();
        let own = Lexicon::build_refusing_suffixes("row", items, Affixes::Any, &["ي"]).unwrap();
        let text = NormalizedText::new(&row.counterexample);
        let wrong: Vec<_> = own
            .find_all(&text)
            .iter()
            .map(|(m, _)| text.surface(m.span))
            .collect();
        if !wrong.is_empty() {
            failures.push(format!(
                "line {}: counterexample «{}» matches {wrong:?}",
                row.line, row.counterexample
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_taxonomy_type_has_a_strong_trigger() {
    let rows = trigger_rows().unwrap();
    for info in lexicons().taxonomy.types() {
        assert!(
            rows.iter().any(|r| r.trigger.event_type == info.event_type
                && r.trigger.strength == Strength::Strong),
            "no strong trigger for {}",
            info.event_type
        );
    }
    assert!(rows.len() >= 150, "{} rows", rows.len());
}

#[test]
fn a_form_appears_once_per_event_type() {
    // Two rows of one type listing the same (normalized) form would give the pipeline two
    // readings of one word; a form is listed once, under its most frequent reading.
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut clashes = Vec::new();
    for row in trigger_rows().unwrap() {
        for form in &row.forms {
            let key = (row.trigger.event_type.clone(), normalize(form));
            match seen.get(&key) {
                Some(&line) if line != row.line => clashes.push(format!(
                    "{} «{form}» on lines {line} and {}",
                    key.0, row.line
                )),
                _ => {
                    seen.insert(key, row.line);
                }
            }
        }
    }
    assert!(clashes.is_empty(), "{}", clashes.join("\n"));
}

#[test]
fn every_actor_code_is_documented() {
    let iso3: HashSet<String> = lexicons()
        .countries
        .iter()
        .map(|c| c.iso3.clone())
        .collect();
    for row in actor_rows().unwrap() {
        assert!(
            code_is_documented(&row.entry.code, &iso3),
            "line {}: undocumented code {}",
            row.line,
            row.entry.code
        );
        if row.entry.code.len() == 6 && &row.entry.code[..3] != "XXX" {
            if let Some(country) = &row.entry.country {
                let c = lexicons()
                    .country(country)
                    .expect("country in countries.tsv");
                assert!(
                    row.entry.code.starts_with(&c.iso3) || SPEC_CODES.contains(&&*row.entry.code),
                    "line {}: {} is not of {}",
                    row.line,
                    row.entry.code,
                    country
                );
            }
        }
    }
    for entry in lexicons().actors.entries() {
        assert!(code_is_documented(&entry.code, &iso3), "{}", entry.code);
    }
}

#[test]
fn sources_and_cues_rows_are_well_formed() {
    for row in source_rows().unwrap() {
        assert!(SOURCE_KINDS.contains(&row.entry.kind.as_str()));
        assert!(!row.phrases.is_empty(), "line {}", row.line);
    }
    let kinds: HashSet<CueKind> = cue_rows().unwrap().iter().map(|r| r.cue.kind).collect();
    assert_eq!(kinds.len(), 7);
}

#[test]
fn the_taxonomy_copy_is_the_spec() {
    let spec = std::path::Path::new("/work/shared/spec/taxonomy.tsv");
    let Ok(spec) = std::fs::read_to_string(spec) else {
        return; // Not in this checkout: nothing to compare.
    };
    let ours = include_str!("../../../data/taxonomy.tsv");
    let strip = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(strip(ours), strip(&spec));
}

fn triggers_in(sentence: &str) -> Vec<(String, String, Option<String>)> {
    let text = NormalizedText::new(sentence);
    lexicons()
        .triggers
        .find_longest(&text)
        .into_iter()
        .map(|(m, t)| (text.surface(m.span), t.event_type.clone(), t.detail.clone()))
        .collect()
}

fn actors_in(sentence: &str) -> Vec<(String, String)> {
    let text = NormalizedText::new(sentence);
    lexicons()
        .actors
        .find_longest(&text)
        .into_iter()
        .map(|(m, a)| (text.surface(m.span), a.code.clone()))
        .collect()
}

fn has_type(found: &[(String, String, Option<String>)], t: &str) -> bool {
    found.iter().any(|(_, ty, _)| ty == t)
}

#[test]
fn coalition_air_strike() {
    let s = "قصفت طائرات التحالف العربي مخازن أسلحة للحوثيين في صعدة";
    let triggers = triggers_in(s);
    assert!(has_type(&triggers, "shelling"), "{triggers:?}");
    let actors = actors_in(s);
    assert!(
        actors.contains(&("التحالف العربي".into(), "COA".into()))
            || actors.contains(&("طائرات التحالف العربي".into(), "COA".into())),
        "{actors:?}"
    );
    assert!(actors.iter().any(|(_, c)| c == "HOU"), "{actors:?}");
    let s = "شنت طائرات التحالف العربي غارات جوية على مواقع المتمردين";
    assert!(has_type(&triggers_in(s), "air_strike"));
}

#[test]
fn aleppo_style_sentences() {
    let s =
        "وأكدت مصادر محلية وشهود عيان إعدام القوات الحكومية والميلشيات الإيرانية أطفالا في الأحياء";
    let t = triggers_in(s);
    assert!(
        t.contains(&("إعدام".into(), "attack".into(), Some("execution".into()))),
        "{t:?}"
    );
    let a = actors_in(s);
    assert!(
        a.contains(&("القوات الحكومية".into(), "XXXMIL".into())),
        "{a:?}"
    );
    assert!(
        a.contains(&("الميلشيات الإيرانية".into(), "IRNMIL_PROXY".into())),
        "{a:?}"
    );
    let text = NormalizedText::new(s);
    let kinds: Vec<String> = lexicons()
        .sources
        .find_longest(&text)
        .into_iter()
        .map(|(_, e)| e.kind.clone())
        .collect();
    assert!(
        kinds.contains(&"local_sources".to_owned()) && kinds.contains(&"eyewitness".to_owned())
    );
    let cues: Vec<CueKind> = lexicons()
        .cues
        .find_longest(&text)
        .into_iter()
        .map(|(_, c)| c.kind)
        .collect();
    assert!(cues.contains(&CueKind::Reporting), "{cues:?}");

    let t = triggers_in("وصل عدد القتلى الذين تمت تصفيتهم إلى 137");
    assert!(
        t.iter().any(|(s, ty, _)| s == "تصفيتهم" && ty == "attack"),
        "{t:?}"
    );
    let t = triggers_in("ذكرت مصادر أنه تم قطع الاتصالات عن شرقي حلب");
    assert!(
        t.contains(&(
            "قطع الاتصالات".into(),
            "other_strategic".into(),
            Some("communications_cut".into())
        )),
        "{t:?}"
    );
}

#[test]
fn generated_state_actors() {
    let cases = [
        ("قصف الجيش السوري البلدة", "SYRMIL"),
        ("أعلنت القوات السورية", "SYRMIL"),
        ("قوات الأمن العراقية انتشرت", "IRQMIL"),
        ("اعتقلت الشرطة العراقية مطلوبين", "IRQCOP"),
        ("قالت الحكومة الأفغانية", "AFGGOV"),
        ("بيان وزارة الداخلية المصرية", "EGYGOV"),
        ("شن الطيران الروسي غارات", "RUSMIL"),
        ("قصفت الطائرات الروسية", "RUSMIL"),
        ("أعلنت البحرية الإيرانية", "IRNMIL"),
        ("هاجم الحرس الثوري الإيراني", "IRNMIL"),
        ("جيش مصر", "EGYMIL"),
        ("وحكومة العراق", "IRQGOV"),
        ("للقوات الأمريكية", "USAMIL"),
        ("الجيش الكوري الشمالي", "PRKMIL"),
        ("مقتل جندي تركي", "TURMIL"),
    ];
    for (sentence, code) in cases {
        let a = actors_in(sentence);
        assert!(a.iter().any(|(_, c)| c == code), "{sentence}: {a:?}");
    }
    // مالي is also "financial": no government of Mali in an economic phrase.
    let a = actors_in("قررت السلطات المالية رفع الفائدة");
    assert!(!a.iter().any(|(_, c)| c.starts_with("MLI")), "{a:?}");
    assert!(actors_in("الجيش المالي").iter().any(|(_, c)| c == "MLIMIL"));
}

#[test]
fn metonyms_and_nationalities() {
    let lex = lexicons();
    let text = NormalizedText::new("أنقرة تعلن وتركيا تقصف");
    let codes: Vec<String> = lex
        .metonyms
        .find_longest(&text)
        .into_iter()
        .map(|(_, e)| e.code.clone())
        .collect();
    assert_eq!(codes, vec!["TURGOV", "TURGOV"]);
    // عمان is Oman's name and Jordan's capital: not Jordan's government.
    let text = NormalizedText::new("عمان");
    assert!(lex
        .metonyms
        .find_all(&text)
        .iter()
        .all(|(_, e)| e.code == "OMNGOV"));
    let text = NormalizedText::new("طائرات روسية ومقاتلات أمريكيين");
    let n: Vec<String> = lex
        .nationalities
        .find_longest(&text)
        .into_iter()
        .map(|(_, e)| e.iso3.clone())
        .collect();
    assert_eq!(n, vec!["RUS", "USA"]);
}

#[test]
fn generic_codes_take_the_country_from_context() {
    let lex = lexicons();
    let text = NormalizedText::new("القوات الحكومية");
    let (_, entry) = lex.actors.find_longest(&text).into_iter().next().unwrap();
    assert!(entry.is_country_generic());
    assert_eq!(entry.code_for_country(Some("SYR")), "SYRMIL");
    assert_eq!(entry.code_for_country(None), "XXXMIL");
    assert_eq!(entry.kind, ActorKind::StateForces);
}

#[test]
fn nisba_adjectives_are_not_trigger_nouns_with_a_suffix() {
    // حربي، قتالي، هجومي are adjectives, not حرب، قتال، هجوم + "my".
    let t = triggers_in("شارك الطيران الحربي في عرض قتالي");
    assert!(
        !t.iter().any(|(s, _, _)| s == "حربي" || s == "قتالي"),
        "{t:?}"
    );
    // Pronoun suffixes still match: قصفتها، تصفيتهم، اغتياله.
    let t = triggers_in("قصفتها الطائرات بعد اغتياله");
    assert!(
        t.iter().any(|(s, ty, _)| s == "قصفتها" && ty == "shelling"),
        "{t:?}"
    );
    assert!(
        t.iter()
            .any(|(s, _, d)| s == "اغتياله" && d.as_deref() == Some("assassination")),
        "{t:?}"
    );
}

#[test]
fn verbal_events_and_forms() {
    let t = triggers_in("وناشد ناشطون المجتمع الدولي");
    assert!(has_type(&t, "appeal"));
    let t = triggers_in("أدانت الأمم المتحدة الهجوم");
    assert!(has_type(&t, "condemn"));
    let t = triggers_in("اتهمت المعارضة النظام");
    assert!(has_type(&t, "accuse"));
    let t = triggers_in("وهدد التنظيم بشن هجمات");
    assert!(has_type(&t, "threaten"));
    let t = triggers_in("وطالبت الحكومة بالإفراج عنهم");
    assert!(has_type(&t, "demand"));
    // Future with سـ on the trigger: the proclitic is reported.
    let text = NormalizedText::new("سيقصف الجيش المدينة");
    let found = lexicons().triggers.find_longest(&text);
    let (m, t) = found.first().unwrap();
    assert_eq!((m.proclitics.as_str(), t.form), ("س", TriggerForm::Verb));
}

/// The one-pass search of all lexicons finds what each lexicon finds alone, in the same order,
/// over the example article and the dev articles (when the shared data is there).
#[test]
fn one_pass_search_agrees_with_each_lexicon_alone() {
    let lex = lexicons();
    let mut texts = vec![include_str!("../../../examples/aleppo.txt").to_owned()];
    let dev = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/eval/dev/docs.jsonl"
    );
    if let Ok(jsonl) = std::fs::read_to_string(dev) {
        for line in jsonl.lines() {
            let doc: serde_json::Value = serde_json::from_str(line).expect("dev docs are JSON");
            let field = |k: &str| doc.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
            texts.push(format!("{}\n\n{}", field("title"), field("text")));
        }
    }
    fn same<T>(all: &[(rasd_lexicon::PhraseMatch, &T)], alone: &[(rasd_lexicon::PhraseMatch, &T)]) {
        let all: Vec<_> = all.iter().map(|(m, _)| m).collect();
        let alone: Vec<_> = alone.iter().map(|(m, _)| m).collect();
        assert_eq!(all, alone);
    }
    for text in &texts {
        let text = NormalizedText::new(text);
        let found = lex.find_longest_all(&text);
        same(&found.triggers, &lex.triggers.find_longest(&text));
        same(&found.actors, &lex.actors.find_longest(&text));
        same(&found.metonyms, &lex.metonyms.find_longest(&text));
        same(&found.sources, &lex.sources.find_longest(&text));
        same(&found.cues, &lex.cues.find_longest(&text));
        same(&found.nationalities, &lex.nationalities.find_longest(&text));
    }
}
