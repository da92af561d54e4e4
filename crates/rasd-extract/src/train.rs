//! Training the decisions' models from annotated documents, and k-fold cross-validation.
//!
//! Each document goes through the same stages as extraction up to the proposals (which do
//! not depend on any model), its gold events are aligned with the proposals
//! ([`crate::align`]), and every decision becomes an example: each proposal for the event
//! model, each aligned proposal for the type model, each of its actor options, source options
//! and figures for the role, source and group models. The same documents in the same order
//! give the same model file, bit for bit.

use crate::align::{align, gold_events, gold_group, gold_place, gold_role, gold_source, GoldEvent};
use crate::analysis::Analysis;
use crate::document::Document;
use crate::features::{
    code_candidates, event_features, group_features, perpetrated_features, perpetrator_features,
    place_features, role_features, source_features, FEATURE_VERSION,
};
use crate::models::{
    Models, EVENT, GROUP, PERPETRATED, PERPETRATOR, PLACE, ROLE, ROLE_CLASSES, SOURCE, TYPE,
};
use crate::pipeline::Pipeline;
use crate::propose::{propose, Proposal};
use crate::record::DocumentRecord;
use rasd_learn::{feature_id, Classifier, Example, ModelSet, TrainOptions};
use rasd_lexicon::SOURCE_KINDS;

/// The probability of `yes` above which the event model's proposal is an event, recorded in
/// the model file. Measured at 0.5, 0.6 and 0.7 (5-fold cross-validation on 953 articles,
/// then the development set): 0.6 kept events F1 (0.596 -> 0.594) and lowered false alarms
/// (0.092 -> 0.078; development set 0.235 -> 0.118). Measured again with the features that see
/// names as what they name (features-7), 0.6 -> 0.7: events 0.604 -> 0.606, false alarms
/// 0.073 -> 0.068 (folds by outlet 0.083 -> 0.075, by country 0.097 -> 0.087, events there
/// 0.522 -> 0.521); 0.5 raised false alarms (0.078, by outlet 0.095).
const EVENT_THRESHOLD: &str = "0.7";
use rasd_text::NormalizedText;
use serde_json::Value;

/// A document with its gold events (the `events` of a gold line, format-1 shape).
#[derive(Clone, Debug)]
pub struct AnnotatedDocument {
    /// The article.
    pub document: Document,
    /// Its gold events.
    pub events: Vec<Value>,
}

/// The casualty groups, in the spec's order.
const GROUPS: [&str; 10] = [
    "civilians",
    "children",
    "women",
    "medical",
    "journalists",
    "aid_workers",
    "military",
    "police",
    "militants",
    "unknown",
];

/// How well the proposals cover the gold, as alignment found it: what training can learn
/// from, and the recall no decision can exceed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Gold events of the scored types.
    pub gold_events: usize,
    /// Those whose quote was found in the text.
    pub quotes_found: usize,
    /// Those told by at least one proposal.
    pub proposed: usize,
    /// Proposals of the scored types.
    pub proposals: usize,
    /// Those that tell a gold event.
    pub positive: usize,
    /// Proposals telling a gold event with a point, at one place (not coordinated places),
    /// with place options.
    pub placed: usize,
    /// Those whose rules' place is within 25 km of the gold point.
    pub placed_by_rules: usize,
    /// Those with a place option within 25 km: what the place decision can reach.
    pub placeable: usize,
}

/// Examples of every decision, gathered over documents, each with the class the hand rules
/// give it (for comparing a model with the rules it replaces).
#[derive(Default)]
struct Examples {
    coverage: Coverage,
    rule_event: Vec<usize>,
    rule_type: Vec<usize>,
    rule_role: Vec<usize>,
    rule_source: Vec<usize>,
    rule_group: Vec<usize>,
    perpetrator: Vec<Example>,
    rule_perpetrator: Vec<usize>,
    perpetrated: Vec<Example>,
    rule_perpetrated: Vec<usize>,
    event: Vec<Example>,
    types: Vec<Example>,
    role: Vec<Example>,
    source: Vec<Example>,
    group: Vec<Example>,
    place: Vec<Example>,
    rule_place: Vec<usize>,
}

fn index_of(classes: &[&str], name: &str) -> Option<usize> {
    classes.iter().position(|c| *c == name)
}

impl Examples {
    fn add_document(
        &mut self,
        pipeline: &Pipeline,
        doc: &AnnotatedDocument,
        type_classes: &[&str],
    ) {
        let text = doc.document.text();
        let normalized = NormalizedText::new(&text);
        let analysis = Analysis::new(pipeline, &normalized, &doc.document);
        let proposals = propose(&analysis);
        let gold = gold_events(&analysis, &doc.events);
        let aligned = align(&analysis, &proposals, &gold);
        let scored: Vec<usize> = (0..gold.len())
            .filter(|&i| gold[i].family != "verbal")
            .collect();
        self.coverage.gold_events += scored.len();
        self.coverage.quotes_found += scored.iter().filter(|&&i| gold[i].quote.is_some()).count();
        self.coverage.proposed += scored
            .iter()
            .filter(|&&i| aligned.contains(&Some(i)))
            .count();
        for (p, g) in proposals.events.iter().zip(&aligned) {
            if p.is_verbal() {
                continue;
            }
            let g = g.map(|i| &gold[i]).filter(|g| g.family != "verbal");
            self.coverage.proposals += 1;
            self.coverage.positive += usize::from(g.is_some());
            let f = event_features(&analysis, &proposals, p);
            self.event
                .push(Example::new(f.clone(), usize::from(g.is_some())));
            self.rule_event.push(usize::from(p.flags.keep()));
            let Some(g) = g else { continue };
            if let Some(t) = index_of(type_classes, &g.event_type) {
                self.types.push(Example::new(f.clone(), t));
                self.rule_type
                    .push(index_of(type_classes, &p.event_type).unwrap_or(usize::MAX));
            }
            for a in &p.actors {
                let role = gold_role(&analysis, a, g).unwrap_or_else(|| "none".into());
                let label = index_of(&ROLE_CLASSES, &role).unwrap_or(0);
                self.role
                    .push(Example::new(role_features(&analysis, p, a), label));
                let rule = a.rule_role.map_or("none", |r| r.as_str());
                self.rule_role
                    .push(index_of(&ROLE_CLASSES, rule).unwrap_or(0));
            }
            let candidates = code_candidates(&analysis, p);
            let perpetrated = g
                .actors
                .iter()
                .any(|a| a.role == "perpetrator" && a.code.is_some());
            self.perpetrated.push(Example::new(
                perpetrated_features(&f, p, &candidates),
                usize::from(perpetrated),
            ));
            self.rule_perpetrated.push(usize::from(
                p.actors
                    .iter()
                    .any(|a| a.rule_role == Some(crate::candidate::Role::Perpetrator)),
            ));
            for c in &candidates {
                let gold_perp = g
                    .actors
                    .iter()
                    .any(|a| a.role == "perpetrator" && a.code.as_deref() == Some(c.code.as_str()));
                self.perpetrator.push(Example::new(
                    perpetrator_features(&analysis, p, c, &candidates),
                    usize::from(gold_perp),
                ));
                let rule = c
                    .options
                    .iter()
                    .any(|a| a.rule_role == Some(crate::candidate::Role::Perpetrator));
                self.rule_perpetrator.push(usize::from(rule));
            }
            for s in &p.sources {
                let kind = gold_source(&analysis, s, g).unwrap_or_else(|| "none".into());
                let classes = source_classes();
                let label = index_of(&classes, &kind).unwrap_or(0);
                self.source
                    .push(Example::new(source_features(&analysis, p, s), label));
                let rule = if s.rule_keep {
                    s.attribution.kind.as_str()
                } else {
                    "none"
                };
                self.rule_source.push(index_of(&classes, rule).unwrap_or(0));
            }
            self.add_places(&analysis, p, g);
            for c in &p.casualties {
                if let Some(label) = gold_group(c, g).and_then(|gr| index_of(&GROUPS, &gr)) {
                    self.group
                        .push(Example::new(group_features(&analysis, p, c), label));
                    self.rule_group
                        .push(index_of(&GROUPS, c.group.as_str()).unwrap_or(0));
                }
            }
        }
    }

    /// The place decision's examples of an aligned proposal: each place option, `yes` where it
    /// lies within 25 km of the gold point. Proposals of coordinated places (one per place)
    /// and gold events with no point teach nothing.
    fn add_places(&mut self, analysis: &Analysis, p: &Proposal, g: &GoldEvent) {
        if p.coordinated || p.place_options.is_empty() || g.point.is_none() {
            return;
        }
        let labels: Vec<bool> = p
            .place_options
            .iter()
            .map(|o| gold_place(analysis, o, g) == Some(true))
            .collect();
        let rule = p.place.map(|(i, _)| i);
        self.coverage.placed += 1;
        self.coverage.placeable += usize::from(labels.contains(&true));
        self.coverage.placed_by_rules += usize::from(
            p.place_options
                .iter()
                .zip(&labels)
                .any(|(o, &yes)| yes && Some(o.mention) == rule),
        );
        for (o, &yes) in p.place_options.iter().zip(&labels) {
            self.place.push(Example::new(
                place_features(analysis, p, o),
                usize::from(yes),
            ));
            self.rule_place.push(usize::from(Some(o.mention) == rule));
        }
    }
}

fn source_classes() -> Vec<&'static str> {
    std::iter::once("none")
        .chain(SOURCE_KINDS.iter().copied())
        .collect()
}

/// The non-verbal event types of the taxonomy, in its order.
fn type_classes(pipeline: &Pipeline) -> Vec<&str> {
    pipeline
        .lexicons
        .taxonomy
        .types()
        .iter()
        .filter(|t| t.family != "verbal")
        .map(|t| t.event_type.as_str())
        .collect()
}

/// For developers: each proposal of a document (sentence, trigger, type, place, the rules'
/// verdict) and the gold event alignment gives it, one line each, then the gold events no
/// proposal tells.
pub fn explain_alignment(pipeline: &Pipeline, doc: &AnnotatedDocument) -> String {
    use std::fmt::Write;
    let text = doc.document.text();
    let normalized = NormalizedText::new(&text);
    let analysis = Analysis::new(pipeline, &normalized, &doc.document);
    let proposals = propose(&analysis);
    let gold = gold_events(&analysis, &doc.events);
    let aligned = align(&analysis, &proposals, &gold);
    let norm = analysis.norm();
    let mut out = String::new();
    for (p, g) in proposals.events.iter().zip(&aligned) {
        let t = &analysis.triggers[p.trigger];
        let place = p
            .place
            .map(|(i, _)| analysis.resolved[i].name.clone())
            .unwrap_or_default();
        let decided = pipeline
            .models
            .as_ref()
            .map(|m| m.verdict(&analysis, &proposals, p))
            .map_or(String::new(), |v| {
                let moved = v
                    .place
                    .filter(|i| Some(*i) != p.place.map(|(j, _)| j))
                    .map_or(String::new(), |i| {
                        format!(" place->{}", analysis.resolved[i].name)
                    });
                format!(
                    " model={:.2}:{}{moved}",
                    v.confidence,
                    v.event_type.unwrap_or_default()
                )
            });
        let _ = writeln!(
            out,
            "s{:<3} {:<28} {:<12} keep={:<5}{decided} place={} -> {}",
            p.sentence,
            p.event_type,
            &norm[t.m.normalized.clone()],
            p.flags.keep(),
            place,
            g.map_or("none".to_owned(), |i| format!(
                "gold#{i} {} {}",
                gold[i].event_type, gold[i].place
            ))
        );
        if let Some(m) = pipeline.models.as_ref() {
            for (code, prob) in m.perpetrator_probabilities(&analysis, p) {
                let _ = writeln!(out, "      perpetrator {code} {prob:.2}");
            }
            let v = m.verdict(&analysis, &proposals, p);
            for (a, role) in p.actors.iter().zip(&v.roles) {
                let _ = writeln!(
                    out,
                    "      actor {} {} rule={} model={}",
                    &norm[a.normalized.clone()],
                    a.code.as_deref().unwrap_or("-"),
                    a.rule_role.map_or("none", |r| r.as_str()),
                    role.map_or("none", |r| r.as_str())
                );
            }
            for (s, kind) in p.sources.iter().zip(&v.sources) {
                let _ = writeln!(
                    out,
                    "      source {} {} {} rule={} model={}",
                    s.origin.as_str(),
                    &norm[s.normalized.clone()],
                    s.attribution.kind,
                    s.rule_keep,
                    kind.as_deref().unwrap_or("none")
                );
            }
        }
    }
    for (i, g) in gold.iter().enumerate() {
        if g.family != "verbal" && !aligned.contains(&Some(i)) {
            let quote = g
                .quote
                .clone()
                .map(|q| norm[q].chars().take(100).collect::<String>());
            let _ = writeln!(
                out,
                "MISSED gold#{i} {} {} quote={:?}",
                g.event_type, g.place, quote
            );
        }
    }
    out
}

/// How well the proposals of these documents cover their gold events.
pub fn coverage(pipeline: &Pipeline, docs: &[AnnotatedDocument]) -> Coverage {
    examples(pipeline, docs).coverage
}

fn examples(pipeline: &Pipeline, docs: &[AnnotatedDocument]) -> Examples {
    let types = type_classes(pipeline);
    let mut examples = Examples::default();
    for doc in docs {
        examples.add_document(pipeline, doc, &types);
    }
    examples
}

/// Trains every decision's model on annotated documents.
pub fn train(pipeline: &Pipeline, docs: &[AnnotatedDocument], options: &TrainOptions) -> ModelSet {
    let types = type_classes(pipeline);
    let examples = examples(pipeline, docs);
    let mut set = ModelSet::new();
    set.set_meta("features", FEATURE_VERSION);
    set.set_meta("documents", &docs.len().to_string());
    set.set_meta(
        "events",
        &docs
            .iter()
            .map(|d| d.events.len())
            .sum::<usize>()
            .to_string(),
    );
    set.set_meta("corpus_digest", &format!("{:016x}", digest(docs)));
    set.set_meta("event_threshold", EVENT_THRESHOLD);
    set.insert(Classifier::train(
        EVENT,
        &["no", "yes"],
        &examples.event,
        options,
    ));
    set.insert(Classifier::train(TYPE, &types, &examples.types, options));
    set.insert(Classifier::train(
        ROLE,
        &ROLE_CLASSES,
        &examples.role,
        options,
    ));
    set.insert(Classifier::train(
        SOURCE,
        &source_classes(),
        &examples.source,
        options,
    ));
    set.insert(Classifier::train(GROUP, &GROUPS, &examples.group, options));
    set.insert(Classifier::train(
        PERPETRATOR,
        &["no", "yes"],
        &examples.perpetrator,
        options,
    ));
    set.insert(Classifier::train(
        PERPETRATED,
        &["no", "yes"],
        &examples.perpetrated,
        options,
    ));
    set.insert(Classifier::train(
        PLACE,
        &["no", "yes"],
        &examples.place,
        options,
    ));
    set
}

/// A fingerprint of the training documents and their gold, recorded in the model file.
fn digest(docs: &[AnnotatedDocument]) -> u64 {
    let mut parts: Vec<String> = Vec::with_capacity(docs.len() * 2);
    for d in docs {
        parts.push(d.document.id.clone());
        parts.push(serde_json::to_string(&d.events).unwrap_or_default());
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    feature_id(&refs)
}

/// k-fold cross-validation by document: for each fold, models trained on the others extract
/// the fold's documents. Returns every document's record, in the input order. Documents are
/// dealt to folds round-robin (`rasd_eval`'s rule), so a fold is a spread sample.
pub fn cross_validate(
    pipeline: &mut Pipeline,
    docs: &[AnnotatedDocument],
    k: usize,
    options: &TrainOptions,
) -> Vec<DocumentRecord> {
    let folds: Vec<usize> = (0..docs.len()).map(|i| i % k.max(2)).collect();
    cross_validate_folds(pipeline, docs, &folds, options)
}

/// Cross-validation with each document's fold given (documents of one outlet in one fold
/// measure how the decisions carry over to outlets never trained on).
pub fn cross_validate_folds(
    pipeline: &mut Pipeline,
    docs: &[AnnotatedDocument],
    folds: &[usize],
    options: &TrainOptions,
) -> Vec<DocumentRecord> {
    let k = folds.iter().max().map_or(0, |m| m + 1);
    let mut out: Vec<Option<DocumentRecord>> = vec![None; docs.len()];
    let saved = pipeline.take_models();
    for fold in 0..k {
        let train_docs: Vec<AnnotatedDocument> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| folds[*i] != fold)
            .map(|(_, d)| d.clone())
            .collect();
        pipeline.set_models(None);
        let set = train(pipeline, &train_docs, options);
        // A set trained here has this build's features: it always loads.
        pipeline.set_models(Models::from_set(set).ok());
        for (i, d) in docs.iter().enumerate() {
            if folds[i] == fold {
                out[i] = Some(pipeline.extract(&d.document));
            }
        }
    }
    pipeline.set_models(saved);
    out.into_iter().flatten().collect()
}

/// For developers: per decision, how often the model (trained on the other folds) and the
/// hand rules give the gold class of held-out examples, over k folds.
pub fn decision_report(
    pipeline: &Pipeline,
    docs: &[AnnotatedDocument],
    k: usize,
    options: &TrainOptions,
) -> String {
    let k = k.max(2);
    // (name, model hits, rule hits, examples, gold positives found by model / rules / gold)
    let mut rows: Vec<(&str, usize, usize, usize)> = vec![
        (EVENT, 0, 0, 0),
        (TYPE, 0, 0, 0),
        (ROLE, 0, 0, 0),
        (SOURCE, 0, 0, 0),
        (GROUP, 0, 0, 0),
        (PERPETRATOR, 0, 0, 0),
        (PERPETRATED, 0, 0, 0),
        (PLACE, 0, 0, 0),
    ];
    for fold in 0..k {
        let train_docs: Vec<AnnotatedDocument> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k != fold)
            .map(|(_, d)| d.clone())
            .collect();
        let test_docs: Vec<AnnotatedDocument> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k == fold)
            .map(|(_, d)| d.clone())
            .collect();
        let set = train(pipeline, &train_docs, options);
        let held = examples(pipeline, &test_docs);
        let parts: [(&str, &Vec<Example>, &Vec<usize>); 8] = [
            (EVENT, &held.event, &held.rule_event),
            (TYPE, &held.types, &held.rule_type),
            (ROLE, &held.role, &held.rule_role),
            (SOURCE, &held.source, &held.rule_source),
            (GROUP, &held.group, &held.rule_group),
            (PERPETRATOR, &held.perpetrator, &held.rule_perpetrator),
            (PERPETRATED, &held.perpetrated, &held.rule_perpetrated),
            (PLACE, &held.place, &held.rule_place),
        ];
        for (row, (name, ex, rules)) in rows.iter_mut().zip(parts) {
            let Some(model) = set.get(name) else { continue };
            for (e, &r) in ex.iter().zip(rules) {
                row.1 += usize::from(model.predict(&e.features).0 == e.label);
                row.2 += usize::from(r == e.label);
                row.3 += 1;
            }
        }
    }
    let mut out = String::from("decision   examples  model  rules\n");
    for (name, m, r, n) in rows {
        let share = |x: usize| if n == 0 { 0.0 } else { x as f64 / n as f64 };
        out.push_str(&format!(
            "{name:<10} {n:>8}  {:.3}  {:.3}\n",
            share(m),
            share(r)
        ));
    }
    out
}
