//! Features of the decisions, computed from what the earlier stages found: lexicon hits and
//! their kinds, the rules' verdicts and the reasons behind them, word windows, distances,
//! prepositions and markers, sentence position, places and dates.
//!
//! Every feature is a name (a few string parts) hashed by [`rasd_learn::Features`]; a model is
//! only valid with the feature code that trained it, which [`FEATURE_VERSION`] names (a model
//! file records it, and `rasd train` reproducing the shipped model checks it).

use crate::analysis::{next_word, previous_word, within, Analysis};
use crate::candidate::Role;
use crate::casualty::CasualtyClaim;
use crate::propose::{
    is_locative, words_between, ActorOption, PlaceOption, PlaceOrigin, PlaceSource, Proposal,
    Proposals, SourceOption,
};
use rasd_learn::Features;
use rasd_lexicon::{CueKind, Strength};
use std::ops::Range;

/// The version of the feature code; a model trained with another is refused.
pub(crate) const FEATURE_VERSION: &str = "features-8";

/// Up to `n` words before byte `pos` of the normalized text, nearest first.
fn words_before(norm: &str, pos: usize, n: usize) -> Vec<&str> {
    words_before_at(norm, pos, n)
        .into_iter()
        .map(|(_, w)| w)
        .collect()
}

/// Up to `n` words after byte `pos`, nearest first.
fn words_after(norm: &str, pos: usize, n: usize) -> Vec<&str> {
    words_after_at(norm, pos, n)
        .into_iter()
        .map(|(_, w)| w)
        .collect()
}

/// Up to `n` words before byte `pos`, nearest first, with where each starts.
fn words_before_at(norm: &str, pos: usize, n: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(n);
    let mut at = pos;
    while out.len() < n {
        match previous_word(norm, at) {
            Some((start, w)) => {
                out.push((start, w));
                at = start;
            }
            None => break,
        }
    }
    out
}

/// Up to `n` words after byte `pos`, nearest first, with where each starts.
fn words_after_at(norm: &str, pos: usize, n: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(n);
    let mut at = pos;
    while out.len() < n {
        match next_word(norm, at) {
            Some((end, w)) => {
                out.push((end - w.len(), w));
                at = end;
            }
            None => break,
        }
    }
    out
}

/// A word of the text as a feature value `(kind, value)`: a word that is part of an actor's
/// name is `("actor", its kind)`, of a place name `("place", its precision)`, else `("w", the
/// word in its shape)`. Names tie a model to the conflicts it was trained on; what they name
/// carries over. A word overlaps the name (بحلب، والحوثيين: the name's span leaves out the
/// proclitics glued to it).
fn word_value<'a>(analysis: &Analysis, start: usize, w: &'a str) -> (&'static str, &'a str) {
    let end = start + w.len();
    let actors = &analysis.actors;
    let i = actors.partition_point(|a| a.start() < end);
    if let Some(a) = i.checked_sub(1).map(|i| &actors[i]) {
        if a.end() > start {
            return ("actor", a.entry.kind.as_str());
        }
    }
    let places = &analysis.places;
    let i = places.partition_point(|m| m.normalized.start < end);
    if let Some(k) = i.checked_sub(1) {
        if places[k].normalized.end > start {
            let precision = analysis.resolved[k]
                .precision
                .or(places[k].cue_precision)
                .map_or("-", |x| x.as_str());
            return ("place", precision);
        }
    }
    ("w", shape(w))
}

/// Where a span of the normalized text lies from the trigger: whether after it, and how many
/// words stand between them.
fn from_trigger(norm: &str, trigger: &Range<usize>, span: &Range<usize>) -> (bool, usize) {
    let after = span.start >= trigger.end;
    let gap = if after {
        words_between(norm, trigger.end, span.start)
    } else {
        words_between(norm, span.end, trigger.start)
    };
    (after, gap)
}

/// A word as a feature value: digits folded to one shape (numbers vary, their presence not).
fn shape(word: &str) -> &str {
    if word.chars().all(rasd_text::is_numeric) {
        "<num>"
    } else {
        word
    }
}

/// A count in a few buckets.
fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        _ => "11+",
    }
}

fn role_name(role: Option<Role>) -> &'static str {
    role.map_or("none", Role::as_str)
}

/// Features of a proposal for the event and type decisions.
pub(crate) fn event_features(analysis: &Analysis, proposals: &Proposals, p: &Proposal) -> Features {
    let mut f = Features::new();
    let norm = analysis.norm();
    let trigger = &analysis.triggers[p.trigger];
    let rule_type = p.event_type.as_str();
    let trigger_type = trigger.entry.event_type.as_str();
    let phrase = &norm[trigger.m.normalized.clone()];
    let form = trigger.entry.form.as_str();
    f.add(&["bias"]);
    f.add(&["rule_type", rule_type]);
    f.add(&["trigger_type", trigger_type]);
    f.add(&["trigger", phrase]);
    f.add(&["form", form]);
    f.add(&["strength", if p.strong { "strong" } else { "weak" }]);
    f.add(&["detail", p.detail.as_deref().unwrap_or("-")]);
    let keep = if p.flags.keep() { "keep" } else { "drop" };
    f.add(&["rule", keep]);
    f.add(&["rule_type_verdict", rule_type, keep]);
    f.add(&["trigger_verdict", phrase, keep]);
    let flags = &p.flags;
    for (on, name) in [
        (flags.drop_unrealized, "unrealized"),
        (flags.governed, "governed"),
        (flags.drop_running_total, "running_total"),
        (flags.drop_relative_clause, "relative_clause"),
        (flags.drop_after_duration, "after_duration"),
        (flags.drop_purpose, "purpose"),
        (flags.drop_held, "held"),
        (flags.drop_unsupported, "unsupported"),
        (flags.drop_out_of_region, "out_of_region"),
        (flags.drop_low_confidence, "low_confidence"),
        (flags.generic_frame, "generic_frame"),
        (flags.off_topic, "off_topic"),
        (flags.summary, "summary"),
        (p.definite, "definite"),
        (p.anaphoric, "anaphoric"),
        (p.in_title, "in_title"),
        (p.place_rank > 0, "coordinated_place"),
        (p.explicit_date, "explicit_date"),
        (p.armed_actor, "armed_actor"),
        (p.named_actor, "named_actor"),
    ] {
        if on {
            f.add(&["flag", name]);
            f.add(&["flag_type", name, rule_type]);
        }
    }
    f.add(&["modality", p.modality.as_str()]);
    f.add(&["confidence", &format!("{:.1}", p.confidence)]);
    // Where.
    match p.place {
        Some((i, source)) => {
            let r = &analysis.resolved[i];
            let source = place_source(source);
            f.add(&["place_source", source]);
            f.add(&["place_source_type", source, rule_type]);
            f.add(&["place_precision", r.precision.map_or("-", |x| x.as_str())]);
            f.flag(r.lat.is_none(), &["place_unknown_point"]);
            // Not its country: the model would learn the corpus's conflicts by where they
            // are (5-fold cross-validation with folds by country, without it: events 0.512
            // -> 0.522, strict 0.117 -> 0.128, attribution 0.450 -> 0.481).
        }
        None => f.add(&["place_source", "none"]),
    }
    // When.
    match (&p.date, analysis.document_date) {
        (Some(d), Some(doc)) if d.value.is_some() => {
            let days = (doc - d.value.unwrap_or(doc)).num_days();
            let when = match days {
                i64::MIN..=-1 => "future",
                0 => "0",
                1 => "1",
                2..=7 => "2-7",
                8..=31 => "8-31",
                32..=366 => "32-366",
                _ => "367+",
            };
            f.add(&["days_before", when]);
            f.add(&["date_precision", d.precision.as_str()]);
        }
        _ => f.add(&["days_before", "unknown"]),
    }
    // Figures.
    f.add(&["claims", bucket(p.casualties.len())]);
    for c in &p.casualties {
        f.add(&["claim_kind", c.kind.as_str()]);
        f.add(&["claim_group", c.group.as_str()]);
        f.flag(c.low.is_some() || c.high.is_some(), &["claim_numbered"]);
    }
    // Actors, as the rules read them.
    for a in &p.actors {
        let kind = a.kind.map_or("-", |k| k.as_str());
        f.add(&["actor", a.origin.as_str(), role_name(a.rule_role), kind]);
    }
    let sources = p.sources.iter().filter(|s| s.rule_keep).count();
    f.add(&["sources", bucket(sources)]);
    // Words around the trigger and in the sentence.
    let token_start = trigger.start().saturating_sub(trigger.m.proclitics.len());
    for (k, (at, w)) in words_before_at(norm, token_start, 3)
        .into_iter()
        .enumerate()
    {
        let (tag, value) = word_value(analysis, at, w);
        f.add(&["w-", &k.to_string(), tag, value]);
        if k == 0 {
            f.add(&["w-0_type", tag, value, rule_type]);
        }
    }
    for (k, (at, w)) in words_after_at(norm, trigger.end(), 3)
        .into_iter()
        .enumerate()
    {
        let (tag, value) = word_value(analysis, at, w);
        f.add(&["w+", &k.to_string(), tag, value]);
    }
    f.add(&["proclitics", &trigger.m.proclitics]);
    let sentence = &analysis.sentences[p.sentence];
    let mut at = sentence.range.start;
    while let Some((end, w)) = next_word(norm, at).filter(|(e, _)| *e <= sentence.range.end) {
        if w.chars().count() > 2 {
            let (tag, value) = word_value(analysis, end - w.len(), w);
            f.add(&["s", tag, value]);
        }
        at = end;
    }
    let cues = within(&analysis.cues, &sentence.range);
    for c in cues {
        f.add(&["cue", c.entry.kind.as_str()]);
        if c.end() <= trigger.start() && c.entry.kind != CueKind::Reporting {
            let gap = words_between(norm, c.end(), trigger.start());
            f.add(&["cue_before", c.entry.kind.as_str(), bucket(gap)]);
        }
    }
    // Position in the document.
    f.add(&["sentence", bucket(p.sentence)]);
    f.add(&["paragraph", bucket(p.paragraph)]);
    let strong = analysis
        .triggers
        .iter()
        .filter(|t| t.entry.strength == Strength::Strong)
        .count();
    f.add(&["doc_strong_triggers", bucket(strong)]);
    f.add(&["doc_nonevent_cues", bucket(analysis.non_event_cues())]);
    f.add(&["doc_proposals", bucket(proposals.events.len())]);
    f
}

fn place_source(s: PlaceSource) -> &'static str {
    match s {
        PlaceSource::Locative => "locative",
        PlaceSource::Named => "named",
        PlaceSource::Inherited => "inherited",
        PlaceSource::Country => "country",
    }
}

/// The kind of code an actor has: the suffix of a state code (MIL, COP, GOV, CVL, REB, MED),
/// else the code of a named group.
fn code_class(code: Option<&str>) -> &str {
    match code {
        None => "-",
        Some(c) if c.len() == 6 && c.is_char_boundary(3) => &c[3..],
        Some(c) => c,
    }
}

/// Features of an actor option of a proposal for the role decision.
pub(crate) fn role_features(analysis: &Analysis, p: &Proposal, a: &ActorOption) -> Features {
    let mut f = Features::new();
    let norm = analysis.norm();
    let trigger = &analysis.triggers[p.trigger];
    let ty = p.event_type.as_str();
    let kind = a.kind.map_or("-", |k| k.as_str());
    let class = code_class(a.code.as_deref());
    let rule = role_name(a.rule_role);
    f.add(&["bias"]);
    f.add(&["origin", a.origin.as_str()]);
    f.add(&["rule_role", rule]);
    f.add(&["rule_role_type", rule, ty]);
    f.add(&["kind", kind]);
    f.add(&["kind_type", kind, ty]);
    f.add(&["family_kind", &p.family, kind]);
    f.add(&["code_class", class]);
    f.add(&["code_class_type", class, ty]);
    f.add(&["type", ty]);
    f.add(&["form", trigger.entry.form.as_str()]);
    for (on, name) in [
        (a.marked_target, "marked_target"),
        (a.among_victims, "among_victims"),
        (a.taken_from, "taken_from"),
        (a.in_source, "in_source"),
    ] {
        if on {
            f.add(&["cue", name]);
            f.add(&["cue_kind", name, kind]);
        }
    }
    let (after, gap) = from_trigger(norm, &trigger.m.normalized, &a.normalized);
    let side = if after { "after" } else { "before" };
    f.add(&["side", side]);
    f.add(&["side_gap", side, bucket(gap)]);
    f.add(&["side_kind", side, kind]);
    f.add(&["side_form_kind", side, trigger.entry.form.as_str(), kind]);
    f.flag(after && gap == 0, &["right_after_trigger", kind]);
    // A verbal noun followed by two participants names its agent first, then its object
    // (إعدام القوات الحكومية أطفالا، قصف التحالف مواقع الحوثيين); one participant alone may be
    // either (استهداف الحوثيين).
    if after && gap == 0 {
        let second = p.actors.iter().any(|b| {
            b.normalized.start >= a.normalized.end
                && words_between(norm, a.normalized.end, b.normalized.start) <= 3
        });
        f.flag(second, &["then_another", trigger.entry.form.as_str(), kind]);
    }
    f.add(&["proclitics", &a.proclitics]);
    let token_start = a
        .normalized
        .start
        .saturating_sub(a.proclitics.len())
        .min(a.normalized.start);
    for (k, (at, w)) in words_before_at(norm, token_start, 2)
        .into_iter()
        .enumerate()
    {
        let (tag, value) = word_value(analysis, at, w);
        f.add(&["w-", &k.to_string(), tag, value]);
        if k == 0 {
            f.add(&["w-0_kind", tag, value, kind]);
        }
    }
    if let Some(&(at, w)) = words_after_at(norm, a.normalized.end, 1).first() {
        let (tag, value) = word_value(analysis, at, w);
        f.add(&["w+0", tag, value]);
    }

    // Other options of the proposal: how many armed actors compete, and whether this is
    // the first of them.
    let armed: Vec<&ActorOption> = p
        .actors
        .iter()
        .filter(|o| o.kind.is_some_and(crate::propose::is_armed))
        .collect();
    f.add(&["armed_options", bucket(armed.len())]);
    f.flag(
        armed.first().is_some_and(|o| o.span == a.span),
        &["first_armed"],
    );
    // The actor's country against the event's.
    if let (Some(code), Some((i, _))) = (a.code.as_deref(), p.place) {
        let country = analysis.resolved[i].country.as_deref();
        let iso3 = country
            .and_then(|c| analysis.pipeline.lexicons.country(c))
            .map(|c| c.iso3.as_str());
        if let Some(iso3) = iso3 {
            f.add(&[
                "same_country",
                if code.starts_with(iso3) { "yes" } else { "no" },
                class,
            ]);
        }
    }
    f
}

/// Features of a source option of a proposal for the attribution decision.
pub(crate) fn source_features(analysis: &Analysis, p: &Proposal, s: &SourceOption) -> Features {
    let mut f = Features::new();
    let norm = analysis.norm();
    let trigger = &analysis.triggers[p.trigger];
    let kind = s.attribution.kind.as_str();
    let origin = s.origin.as_str();
    let keep = if s.rule_keep { "keep" } else { "drop" };
    f.add(&["bias"]);
    f.add(&["origin", origin]);
    f.add(&["rule", keep]);
    f.add(&["rule_origin", keep, origin]);
    f.add(&["kind", kind]);
    f.add(&["kind_origin", kind, origin]);
    f.add(&["family", &p.family]);
    f.flag(s.reporting, &["reporting"]);
    f.flag(s.is_outlet, &["outlet"]);
    f.flag(s.attribution.via.is_some(), &["via"]);
    f.add(&["code_class", code_class(s.attribution.code.as_deref())]);
    let phrase = norm.get(s.normalized.clone()).unwrap_or("");
    f.add(&["phrase", phrase]);
    for w in phrase.split_whitespace().take(3) {
        f.add(&["phrase_word", w]);
    }
    if s.origin != crate::propose::SourceOrigin::Earlier {
        let (after, gap) = from_trigger(norm, &trigger.m.normalized, &s.normalized);
        let side = if after { "after" } else { "before" };
        f.add(&["side_gap", side, bucket(gap)]);
        for (k, w) in words_before(norm, s.normalized.start, 2)
            .into_iter()
            .enumerate()
        {
            f.add(&["w-", &k.to_string(), shape(w)]);
        }
    }
    f.add(&["sources", bucket(p.sources.len())]);
    if let Some(k) = &s.antecedent {
        // المصادر: the sources named before, of their kind.
        f.add(&["antecedent", k]);
    }
    if let Some(c) = s.carried {
        // How far back, how it was found there, and whether the rules took it there.
        let back = bucket(p.sentence.saturating_sub(c.sentence));
        let kept = if c.kept { "kept" } else { "offered" };
        f.add(&["carried", c.from.as_str(), kept]);
        f.add(&["carried_back", back, kept]);
        f.add(&["carried_kind", kind, kept]);
        let own = p
            .sources
            .iter()
            .any(|o| o.carried.is_none() && !o.is_outlet && o.rule_keep);
        f.flag(own, &["carried_own_source", kept]);
    }
    if s.origin != crate::propose::SourceOrigin::Earlier {
        // The subject of a reporting word (قال الجيش في بيان إن): a speaker, not an actor.
        let after_reporting = analysis.cues.iter().any(|c| {
            c.entry.kind == CueKind::Reporting
                && c.end() <= s.normalized.start
                && words_between(norm, c.end(), s.normalized.start) <= 1
                && s.normalized.start - c.end() < 40
        });
        f.flag(after_reporting, &["after_reporting"]);
        f.flag(after_reporting, &["after_reporting_kind", kind]);
        // ... and what it said follows (قال الجيش في بيان إن).
        let words = &analysis.pipeline.speaker_words;
        let clause = words_after(norm, s.normalized.end, 3)
            .iter()
            .position(|w| words.is_clause(w));
        f.add(&["clause_after", clause.map_or("-", bucket)]);
    }
    f
}

/// Features of a casualty claim of a proposal for the group decision.
pub(crate) fn group_features(analysis: &Analysis, p: &Proposal, c: &CasualtyClaim) -> Features {
    let mut f = Features::new();
    let norm = analysis.norm();
    f.add(&["bias"]);
    f.add(&["rule_group", c.group.as_str()]);
    f.add(&["kind", c.kind.as_str()]);
    f.add(&["qualifier", c.qualifier.as_str()]);
    f.add(&["type", &p.event_type]);
    f.add(&["type_rule_group", &p.event_type, c.group.as_str()]);
    let claim = norm.get(c.normalized.clone()).unwrap_or("");
    for w in claim.split(|ch: char| !rasd_text::is_alphanumeric(ch)) {
        if w.chars().count() > 1 {
            f.add(&["claim_word", shape(w)]);
        }
    }
    for (k, (at, w)) in words_before_at(norm, c.normalized.start, 2)
        .into_iter()
        .enumerate()
    {
        let (tag, value) = word_value(analysis, at, w);
        f.add(&["w-", &k.to_string(), tag, value]);
    }
    for (k, (at, w)) in words_after_at(norm, c.normalized.end, 3)
        .into_iter()
        .enumerate()
    {
        let (tag, value) = word_value(analysis, at, w);
        f.add(&["w+", &k.to_string(), tag, value]);
    }
    for a in &p.actors {
        if a.rule_role.is_some() {
            f.add(&[
                "actor",
                role_name(a.rule_role),
                a.kind.map_or("-", |k| k.as_str()),
            ]);
        }
    }
    f
}

/// One code that may be a perpetrator of a proposal: the actor options that carry it, or an
/// armed actor named elsewhere in the document, or the unnamed attacker (`UAF`) the rules
/// never name.
#[derive(Clone, Debug)]
pub(crate) struct CodeCandidate<'p> {
    pub code: String,
    /// The proposal's options with this code.
    pub options: Vec<&'p ActorOption>,
    /// For a code named only elsewhere: how many sentences away, and where.
    pub elsewhere: Option<(
        usize,
        rasd_text::Span,
        Option<rasd_lexicon::ActorKind>,
        String,
    )>,
}

/// Candidate perpetrator codes of a proposal.
pub(crate) fn code_candidates<'p>(analysis: &Analysis, p: &'p Proposal) -> Vec<CodeCandidate<'p>> {
    let mut out: Vec<CodeCandidate<'p>> = Vec::new();
    for a in &p.actors {
        let Some(code) = &a.code else { continue };
        match out.iter_mut().find(|c| &c.code == code) {
            Some(c) => c.options.push(a),
            None => out.push(CodeCandidate {
                code: code.clone(),
                options: vec![a],
                elsewhere: None,
            }),
        }
    }
    // Armed actors named in other sentences of the document.
    let iso3 = p
        .place
        .and_then(|(i, _)| analysis.resolved[i].country.as_deref())
        .and_then(|c| analysis.pipeline.lexicons.country(c))
        .map(|c| c.iso3.clone());
    for a in &analysis.actors {
        if !crate::propose::is_armed(a.entry.kind) {
            continue;
        }
        let code = match a.entry.code.strip_prefix("XXX") {
            Some(rest) => match &iso3 {
                Some(c) => format!("{c}{rest}"),
                None => continue,
            },
            None => a.entry.code.clone(),
        };
        let sentence = analysis
            .sentences
            .partition_point(|s| s.range.end <= a.start())
            .min(analysis.sentences.len().saturating_sub(1));
        let gap = sentence.abs_diff(p.sentence);
        match out.iter_mut().find(|c| c.code == code) {
            Some(c) => {
                if c.options.is_empty() && c.elsewhere.as_ref().is_some_and(|e| gap < e.0) {
                    c.elsewhere = Some((gap, a.m.span, Some(a.entry.kind), a.entry.name.clone()));
                }
            }
            None => out.push(CodeCandidate {
                code,
                options: Vec::new(),
                elsewhere: Some((gap, a.m.span, Some(a.entry.kind), a.entry.name.clone())),
            }),
        }
    }
    if !out.iter().any(|c| c.code == "UAF") {
        let trigger = &analysis.triggers[p.trigger];
        out.push(CodeCandidate {
            code: "UAF".to_owned(),
            options: Vec::new(),
            elsewhere: Some((
                0,
                trigger.m.span,
                Some(rasd_lexicon::ActorKind::Unknown),
                "unidentified armed group or person".to_owned(),
            )),
        });
    }
    out
}

/// The kind of actor a candidate code is, from its first option or its mention elsewhere.
fn candidate_kind(c: &CodeCandidate) -> &'static str {
    c.options
        .first()
        .and_then(|a| a.kind)
        .or(c.elsewhere.as_ref().and_then(|e| e.2))
        .map_or("-", |k| k.as_str())
}

/// Features of a proposal for the decision whether its event has a perpetrator at all: the
/// event's features (`event`, from [`event_features`]) and the candidate codes it could have,
/// by kind and where they are named.
pub(crate) fn perpetrated_features(
    event: &Features,
    p: &Proposal,
    candidates: &[CodeCandidate],
) -> Features {
    let mut f = event.clone();
    let ty = p.event_type.as_str();
    let here = candidates.iter().filter(|c| !c.options.is_empty()).count();
    f.add(&["candidates_here", bucket(here)]);
    f.add(&["candidates_here_type", bucket(here), ty]);
    for c in candidates {
        let at = if c.options.is_empty() {
            "elsewhere"
        } else {
            "here"
        };
        let kind = candidate_kind(c);
        f.add(&["candidate", at, kind]);
        f.add(&["candidate_type", at, kind, ty]);
    }
    f
}

/// Features of a candidate perpetrator code of a proposal.
pub(crate) fn perpetrator_features(
    analysis: &Analysis,
    p: &Proposal,
    c: &CodeCandidate,
    all: &[CodeCandidate],
) -> Features {
    let mut f = Features::new();
    let ty = p.event_type.as_str();
    let class = code_class(Some(&c.code));
    f.add(&["bias"]);
    f.add(&["type", ty]);
    f.add(&["code", &c.code]);
    f.add(&["code_type", &c.code, ty]);
    f.add(&["class", class]);
    f.add(&["class_type", class, ty]);
    let kind = candidate_kind(c);
    f.add(&["kind", kind]);
    f.add(&["kind_type", kind, ty]);
    if let Some((i, _)) = p.place {
        if let Some(country) = analysis.resolved[i].country.as_deref() {
            f.add(&["code_country", &c.code, country]);
            let iso3 = analysis
                .pipeline
                .lexicons
                .country(country)
                .map(|x| x.iso3.as_str());
            if let Some(iso3) = iso3 {
                f.add(&[
                    "same_country",
                    if c.code.starts_with(iso3) {
                        "yes"
                    } else {
                        "no"
                    },
                    class,
                ]);
            }
        }
    }
    f.add(&["mentions", bucket(c.options.len())]);
    let named_armed = all
        .iter()
        .filter(|o| {
            !o.options.is_empty()
                && o.code != "UAF"
                && o.options.iter().any(|a| {
                    a.kind.is_some_and(crate::propose::is_armed)
                        && matches!(a.origin, crate::propose::ActorOrigin::Lexicon)
                })
        })
        .count();
    f.add(&["named_armed_in_sentence", bucket(named_armed)]);
    let rule_perps = p
        .actors
        .iter()
        .filter(|a| a.rule_role == Some(Role::Perpetrator))
        .count();
    f.add(&["rule_perpetrators", bucket(rule_perps)]);
    match &c.elsewhere {
        Some((gap, ..)) if c.options.is_empty() => {
            let implied = c.code == "UAF" && *gap == 0;
            f.add(&["elsewhere", if implied { "implied" } else { bucket(*gap) }]);
            f.add(&[
                "elsewhere_type",
                if implied { "implied" } else { bucket(*gap) },
                ty,
            ]);
            if implied {
                f.add(&["implied_named_armed", bucket(named_armed), ty]);
            }
        }
        _ => {}
    }
    for a in &c.options {
        let role = role_features(analysis, p, a);
        f.add_prefixed("m", &role);
    }
    f
}

/// A population in a few buckets (0: unknown, or not in the gazetteer).
fn population_bucket(n: u64) -> &'static str {
    match n {
        0 => "0",
        1..=9_999 => "<10k",
        10_000..=99_999 => "<100k",
        100_000..=999_999 => "<1m",
        _ => "1m+",
    }
}

/// Features of a place option of a proposal for the place decision: where it was found, how
/// it is introduced, what kind of place it is, how near the trigger, and whether it is the
/// rules' choice.
pub(crate) fn place_features(analysis: &Analysis, p: &Proposal, o: &PlaceOption) -> Features {
    let mut f = Features::new();
    let norm = analysis.norm();
    let trigger = &analysis.triggers[p.trigger];
    let m = &analysis.places[o.mention];
    let r = &analysis.resolved[o.mention];
    let origin = o.origin.as_str();
    let precision = r.precision.map_or("-", |x| x.as_str());
    let ty = p.event_type.as_str();
    f.add(&["bias"]);
    f.add(&["origin", origin]);
    f.add(&["origin_family", origin, &p.family]);
    f.add(&["precision", precision]);
    f.add(&["origin_precision", origin, precision]);
    f.add(&["precision_type", precision, ty]);
    f.add(&[
        "cue",
        m.cue_precision.map_or("-", |x| x.as_str()),
        precision,
    ]);
    f.flag(r.lat.is_none(), &["no_point", precision]);
    f.flag(r.place.is_none(), &["unknown", origin]);
    f.flag(m.container.is_some(), &["contained"]);
    let locative = is_locative(analysis, o.mention);
    f.add(&["locative", if locative { "yes" } else { "no" }, origin]);
    let population = r
        .place
        .map_or(0, |id| analysis.pipeline.gazetteer.place(id).population);
    f.add(&["population", population_bucket(population), precision]);
    // The rules' choice, and how they found it.
    let rule = p.place.filter(|(i, _)| *i == o.mention);
    f.add(&["rule", rule.map_or("other", |(_, s)| place_source(s))]);
    f.add(&[
        "rule_origin",
        if rule.is_some() { "yes" } else { "no" },
        origin,
    ]);
    if let Some((i, source)) = p.place.filter(|(i, _)| *i != o.mention) {
        let chosen = &analysis.resolved[i];
        let same_country = chosen.country.is_some() && chosen.country == r.country;
        // The first-level division of each (a region is its own).
        let division = |x: &rasd_geo::ResolvedPlace| {
            if x.precision == Some(rasd_geo::Precision::Region) {
                x.name_en.clone()
            } else {
                x.admin1.clone()
            }
        };
        let area = match (division(chosen), division(r)) {
            _ if !same_country => "other_country",
            (Some(a), Some(b)) if a == b => "same_division",
            (Some(_), Some(_)) => "other_division",
            _ => "unknown_division",
        };
        f.add(&[
            "vs_rule",
            chosen.precision.map_or("-", |x| x.as_str()),
            precision,
            area,
        ]);
        f.add(&["vs_rule_origin", place_source(source), origin, area]);
    }
    // Near the trigger, in its sentence.
    if o.origin == PlaceOrigin::Sentence {
        let (after, gap) = from_trigger(norm, &trigger.m.normalized, &m.normalized);
        let side = if after { "after" } else { "before" };
        f.add(&["side_gap", side, bucket(gap)]);
        f.add(&["side_precision", side, precision]);
        // Bytes between the trigger and a mention, on either side.
        let apart = |x: &PlaceOption| {
            let r = &analysis.places[x.mention].normalized;
            if r.start >= trigger.end() {
                r.start - trigger.end()
            } else {
                trigger.start().saturating_sub(r.end)
            }
        };
        let nearer = p
            .place_options
            .iter()
            .filter(|x| x.origin == PlaceOrigin::Sentence && apart(x) < apart(o))
            .count();
        f.add(&["nearer_places", bucket(nearer)]);
    }
    if let Some(&(at, w)) = words_before_at(norm, m.normalized.start, 1).first() {
        let (tag, value) = word_value(analysis, at, w);
        f.add(&["w-0", tag, value]);
        f.add(&["w-0_precision", tag, value, precision]);
    }
    if let Some(&(at, w)) = words_after_at(norm, m.normalized.end, 1).first() {
        let (tag, value) = word_value(analysis, at, w);
        f.add(&["w+0", tag, value]);
    }
    // How often the document names the same place.
    let same = |j: usize| match (&r.gazetteer_id, &analysis.resolved[j].gazetteer_id) {
        (Some(a), Some(b)) => a == b,
        _ => analysis.resolved[j].name == r.name,
    };
    let mentions = (0..analysis.resolved.len()).filter(|&j| same(j)).count();
    f.add(&["doc_mentions", bucket(mentions)]);
    f.add(&["options", bucket(p.place_options.len())]);
    f
}

#[cfg(test)]
mod tests {
    use super::word_value;
    use crate::analysis::Analysis;
    use crate::document::Document;
    use crate::pipeline::Pipeline;
    use rasd_text::NormalizedText;

    #[test]
    fn names_are_seen_as_what_they_name() {
        let pipeline = Pipeline::rules_only().unwrap();
        let doc = Document::new("t", "قصفت طائرات التحالف مواقع الحوثيين في مدينة صعدة");
        let text = doc.text();
        let normalized = NormalizedText::new(&text);
        let analysis = Analysis::new(&pipeline, &normalized, &doc);
        let norm = analysis.norm();
        let value = |word: &str| {
            let at = norm.find(word).unwrap();
            let (tag, value) = word_value(&analysis, at, word);
            (tag, value.to_owned())
        };
        assert_eq!(value("قصفت"), ("w", "قصفت".to_owned()));
        assert_eq!(value("الحوثيين").0, "actor");
        assert_ne!(value("الحوثيين").1, "الحوثيين");
        assert_eq!(value("صعده"), ("place", "town".to_owned()));
        // A proclitic glued to a name does not let the name through.
        let doc = Document::new("t", "قتل جنديان بصعدة والحوثيون ينفون");
        let text = doc.text();
        let normalized = NormalizedText::new(&text);
        let analysis = Analysis::new(&pipeline, &normalized, &doc);
        let norm = analysis.norm();
        let at = norm.find("بصعده").unwrap();
        assert_eq!(word_value(&analysis, at, "بصعده").0, "place");
        let at = norm.find("والحوثيون").unwrap();
        assert_eq!(word_value(&analysis, at, "والحوثيون").0, "actor");
    }
}
