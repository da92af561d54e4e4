//! Date expressions resolved against the document date.
//!
//! News reports date events relative to the day they are published far more often than
//! they spell the date out: "قتل ثلاثة أمس" (three were killed yesterday), "مساء الاثنين"
//! (Monday evening), "الأسبوع الماضي" (last week). [`DateFinder`] finds such expressions in a
//! sentence and resolves them against the document date, following the annotation rule of
//! `shared/eval/GOLD.md` (rule 3): اليوم is the document date, أمس the day before, a weekday
//! name the latest such day on or before the document date; unknown stays `None`.
//!
//! What is recognised (all matched on the normalized text, so hamza, ta marbuta and harakat
//! variants meet; spans point into the original):
//!
//! * relative days: اليوم، صباح/مساء/ظهر/فجر اليوم، الليلة، أمس، البارحة، أول أمس، أمس
//!   الأول، ليل/مساء أمس، غدا، بعد غد; a weekday next to them ("اليوم (الاثنين)"، "أمس الأحد")
//!   is kept in the span but the relative word decides the day;
//! * "N ago": منذ يومين، قبل ثلاثة أيام، قبل أسبوع، منذ 17 عاما، منذ أشهر;
//! * the recent past: خلال اليومين الماضيين، خلال الساعات الماضية، الساعات الـ24 الماضية;
//! * weekdays with the article, with or without يوم / a part of the day / proclitics,
//!   and with الماضي or المقبل;
//! * calendar dates: "12 ديسمبر 2016"، "12 كانون الأول 2016"، "الثاني عشر من ديسمبر"،
//!   "5 حزيران/يونيو"، "10/12/2016"، "2016-12-12"، "في ديسمبر 2014"، "عام 2014";
//! * Hijri dates ("25 شوال 1436 هـ"، "18 / 10 / 1436ه"), converted with the tabular Islamic
//!   calendar, or replaced by the Gregorian date that follows them after الموافق;
//! * periods: الأسبوع/الشهر/العام الماضي، هذا العام، منذ بداية العام، خلال شهر يوليو،
//!   منذ اندلاع الأزمة.
//!
//! Choices the gold rules leave open, made here once:
//!
//! * A week's value is its Monday (ISO 8601), even though the working week in much of the
//!   Arab world starts on Saturday or Sunday: one convention, stated, beats a regional guess.
//! * "الأحد الماضي" is the latest Sunday strictly before the document date: on a Sunday it is
//!   a week earlier. A plain "الأحد" is the latest Sunday on or before the document date.
//! * "خلال الساعات/اليومين الماضية" is the document date at day precision: the report covers
//!   the last day or two, and the day of publication is the single most likely exact answer.
//! * "ليل الأحد الاثنين" (the night between Sunday and Monday) is the Monday: events reported
//!   "late in the night" mostly fall after midnight.
//! * A day and month without a year take the document's year, or the year before when that
//!   would put the date more than 62 days after the document date.
//! * `long_period` marks spans longer than a week (منذ بداية العام، خلال الشهر الماضي،
//!   منذ 2011، منذ أشهر، حتى اليوم): casualty figures over them are running totals.
//!
//! The words the rules are built from (weekday and month names, ordinals, units, the words
//! around a match that say it is a date or not) are `data/lexicon/date_words.tsv`, embedded at
//! build time, read through the lexicons' TSV reader ([`rasd_lexicon::tsv`]) and compiled into
//! the rules' regular expressions once, when the finder is built. The patterns themselves, and
//! the few words a check is about (في أمس الحاجة، الأحد عشر، آب "father"), stay in the code.

use aho_corasick::AhoCorasick;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use rasd_text::{normalize, NormalizedText, Span};
use regex::{Captures, Regex};

use crate::wordlists::WordLists;
use std::ops::Range;
use std::sync::OnceLock;

/// How precise a resolved date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatePrecision {
    /// One day.
    Day,
    /// A week (الأسبوع الماضي).
    Week,
    /// A month (في ديسمبر 2014).
    Month,
    /// A year.
    Year,
}

impl DatePrecision {
    /// The spec's name.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// What kind of expression a date came from; callers may trust a written-out date over a
/// relative one when both are near an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    /// Relative to the document date: اليوم، أمس، منذ يومين، خلال الساعات الماضية.
    Relative,
    /// A weekday name: الاثنين، مساء الأحد، الخميس الماضي.
    Weekday,
    /// A calendar date written out (Gregorian, or Hijri converted): 12 ديسمبر 2016، عام 2014.
    Calendar,
    /// A named period relative to the document date: الأسبوع الماضي، منذ بداية العام.
    Period,
}

/// A date expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// The words, in the original.
    pub span: Span,
    /// The same in the normalized text.
    pub normalized: Range<usize>,
    /// The day (first day of the week, month or year for coarser precision); None when the
    /// expression is relative and there is no document date.
    pub value: Option<NaiveDate>,
    /// Precision.
    pub precision: DatePrecision,
    /// A period longer than a week (منذ بداية العام، خلال شهر يوليو، منذ 2011): casualty
    /// figures over it are running totals, not events.
    pub long_period: bool,
    /// In the future relative to the document date (السبت المقبل، غدا).
    pub future: bool,
    /// What kind of expression it is.
    pub kind: DateKind,
}

/// The date vocabulary (`data/lexicon/date_words.tsv`, whose header says what each list is
/// for), embedded.
const DATE_WORDS: &str = include_str!("../../../data/lexicon/date_words.tsv");

/// The lists of `date_words.tsv`.
const DATE_LISTS: &[&str] = &[
    "weekday",
    "month",
    "levantine_month",
    "hijri_month",
    "day_part",
    "day_ordinal",
    "count_word",
    "vague_count",
    "anchor",
    "recent_preposition",
    "past_dual",
    "past_plural",
    "hijri_era",
    "gregorian_era",
    "year_word",
    "long_preposition",
    "period_edge",
    "relative_day",
    "weekday_relative",
    "month_relative",
    "period_unit",
    "period_relative",
    "plural_period_relative",
    "this_word",
    "year_keyword",
    "since_event_onset",
    "since_event_not",
    "ago_preposition",
    "approximator",
    "counted_unit",
    "single_unit",
    "plural_unit",
    "vague_adjective",
    "ago_not_after",
    "not_today_before",
    "not_today_after",
    "until",
    "not_tonight_before",
    "not_tonight_after",
    "habitual_before",
    "the_two_before",
    "the_two_after",
    "month_preposition",
    "year_preposition",
    "corresponding",
];

/// The day a relative word names (`relative_day` in `date_words.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RelativeDay {
    Today,
    Tonight,
    Yesterday,
    DayBeforeYesterday,
    Tomorrow,
    /// الغد alone is often "the future": tomorrow only after a part of the day (يوم الغد).
    TomorrowWithPart,
    DayAfterTomorrow,
}

/// Where a relative adjective points (الماضي، المقبل، الجاري، الأخير).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Past,
    Future,
    Current,
    /// The last ones of a period: no single value.
    Recent,
}

/// A period word (الأسبوع، الأشهر ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PeriodUnit {
    Week,
    Month,
    Year,
    Weeks,
    Months,
    Years,
}

/// A value of `date_words.tsv` that the code did not expect: the embedded file is fixed, so
/// this is a bug caught by every test run.
fn bad_value(list: &str, value: &str) -> ! {
    panic!("date_words.tsv: list `{list}` has an unknown value `{value}`")
}

/// The pairs of a list with their values parsed.
fn parsed<T>(lists: &WordLists, list: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<(String, T)> {
    lists
        .pairs(list)
        .iter()
        .map(|(form, value)| {
            let v = parse(value).unwrap_or_else(|| bad_value(list, value));
            (form.clone(), v)
        })
        .collect()
}

/// The value paired with `word` in `table`.
fn lookup<T: Copy>(table: &[(String, T)], word: &str) -> Option<T> {
    table.iter().find(|(w, _)| w == word).map(|&(_, v)| v)
}

/// Whether `word` is one of `list`.
fn is_in(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

/// The context words of the rules, normalized (see `date_words.tsv`).
#[derive(Debug)]
struct ContextWords {
    relative_days: Vec<(String, RelativeDay)>,
    weekday_relative: Vec<(String, Direction)>,
    month_relative: Vec<(String, Direction)>,
    period_relative: Vec<(String, Direction)>,
    plural_period_relative: Vec<String>,
    period_units: Vec<(String, PeriodUnit)>,
    since_event_not: Vec<String>,
    /// منذ (since) or قبل (before).
    ago_prepositions: Vec<(String, bool)>,
    /// The unit of a word after a count, or of a plural alone.
    units: Vec<(String, Unit)>,
    /// A unit word alone, with the count it gives (يومين = 2).
    single_units: Vec<(String, (Unit, u32))>,
    ago_not_after: Vec<String>,
    not_today_before: Vec<String>,
    not_today_after: Vec<String>,
    until: Vec<String>,
    not_tonight_before: Vec<String>,
    not_tonight_after: Vec<String>,
    habitual_before: Vec<String>,
    the_two_before: Vec<String>,
    the_two_after: Vec<String>,
    month_preposition: Vec<String>,
    year_preposition: Vec<String>,
    /// الموافق and its forms, without spaces.
    corresponding: Vec<String>,
}

impl ContextWords {
    fn new(lists: &WordLists) -> ContextWords {
        let direction = |v: &str| match v {
            "past" => Some(Direction::Past),
            "future" => Some(Direction::Future),
            "current" => Some(Direction::Current),
            "recent" => Some(Direction::Recent),
            _ => None,
        };
        let unit = |v: &str| match v {
            "hour" => Some(Unit::Hour),
            "day" => Some(Unit::Day),
            "week" => Some(Unit::Week),
            "month" => Some(Unit::Month),
            "year" => Some(Unit::Year),
            "decade" => Some(Unit::Decade),
            _ => None,
        };
        let mut units = parsed(lists, "counted_unit", unit);
        units.extend(parsed(lists, "plural_unit", unit));
        ContextWords {
            relative_days: parsed(lists, "relative_day", |v| {
                Some(match v {
                    "today" => RelativeDay::Today,
                    "tonight" => RelativeDay::Tonight,
                    "yesterday" => RelativeDay::Yesterday,
                    "day_before_yesterday" => RelativeDay::DayBeforeYesterday,
                    "tomorrow" => RelativeDay::Tomorrow,
                    "tomorrow_with_part" => RelativeDay::TomorrowWithPart,
                    "day_after_tomorrow" => RelativeDay::DayAfterTomorrow,
                    _ => return None,
                })
            }),
            weekday_relative: parsed(lists, "weekday_relative", direction),
            month_relative: parsed(lists, "month_relative", direction),
            period_relative: parsed(lists, "period_relative", direction),
            plural_period_relative: lists.forms("plural_period_relative"),
            period_units: parsed(lists, "period_unit", |v| {
                Some(match v {
                    "week" => PeriodUnit::Week,
                    "month" => PeriodUnit::Month,
                    "year" => PeriodUnit::Year,
                    "weeks" => PeriodUnit::Weeks,
                    "months" => PeriodUnit::Months,
                    "years" => PeriodUnit::Years,
                    _ => return None,
                })
            }),
            since_event_not: lists.forms("since_event_not"),
            ago_prepositions: parsed(lists, "ago_preposition", |v| match v {
                "since" => Some(true),
                "before" => Some(false),
                _ => None,
            }),
            units,
            single_units: parsed(lists, "single_unit", |v| {
                let (u, n) = v.split_once(' ')?;
                Some((unit(u)?, n.parse().ok()?))
            }),
            ago_not_after: lists.forms("ago_not_after"),
            not_today_before: lists.forms("not_today_before"),
            not_today_after: lists.forms("not_today_after"),
            until: lists.forms("until"),
            not_tonight_before: lists.forms("not_tonight_before"),
            not_tonight_after: lists.forms("not_tonight_after"),
            habitual_before: lists.forms("habitual_before"),
            the_two_before: lists.forms("the_two_before"),
            the_two_after: lists.forms("the_two_after"),
            month_preposition: lists.forms("month_preposition"),
            year_preposition: lists.forms("year_preposition"),
            corresponding: lists
                .forms("corresponding")
                .into_iter()
                .map(|f| f.replace(' ', ""))
                .collect(),
        }
    }
}

/// Which pattern a candidate came from; also its priority when two candidates cover the
/// same text (earlier wins).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    Recent,
    Numeric,
    GregorianDay,
    HijriDay,
    Relative,
    Weekday,
    Ago,
    MonthYear,
    Year,
    Period,
    SinceEvent,
}

/// Where a candidate's value came from, for merging "الاثنين 12 ديسمبر" and
/// "2 ذو القعدة 1436 هـ الموافق 16 أغسطس 2015".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    Relative,
    Weekday,
    Gregorian,
    Hijri,
    Other,
}

/// A match before overlaps are settled.
#[derive(Clone, Debug)]
struct Candidate {
    start: usize,
    end: usize,
    value: Option<NaiveDate>,
    precision: DatePrecision,
    long_period: bool,
    future: bool,
    kind: DateKind,
    origin: Origin,
    /// The weekday named inside the expression, if any (for nudging a Hijri conversion).
    weekday: Option<Weekday>,
    priority: usize,
}

/// The date patterns, compiled once. Build one with [`DateFinder::new`] and share it;
/// [`find_dates`] uses a process-wide one.
#[derive(Debug)]
pub struct DateFinder {
    /// Each rule with its regex, that pattern without its word-boundary assertions (see
    /// [`without_assertions`]) and the proclitics split from its left boundary.
    rules: Vec<(Rule, Regex, Option<Regex>, String)>,
    /// Every anchor word of every rule, for one pass per sentence.
    anchor_words: AhoCorasick,
    /// The rules each anchor word (by pattern index) stands for.
    anchor_rules: Vec<Vec<Rule>>,
    weekdays: Vec<(String, Weekday)>,
    gregorian_months: Vec<(String, u32)>,
    hijri_months: Vec<(String, u32)>,
    ordinals: Vec<(String, u32)>,
    counts: Vec<(String, u32)>,
    vague: Vec<String>,
    words: ContextWords,
}

impl Default for DateFinder {
    fn default() -> Self {
        Self::new()
    }
}

/// Normalizes `(phrase, value)` pairs and sorts them longest first, so that prefix lookups
/// and regex alternations (leftmost-first) prefer كانون الثاني over a bare كانون.
fn normalized_table<T: Copy>(table: impl IntoIterator<Item = (String, T)>) -> Vec<(String, T)> {
    let mut out: Vec<(String, T)> = table
        .into_iter()
        .map(|(phrase, value)| (normalize(&phrase), value))
        .collect();
    // Longest first; equal phrases side by side so that dedup sees them.
    out.sort_by_key(|(phrase, _)| (std::cmp::Reverse(phrase.chars().count()), phrase.clone()));
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// A regex alternation of the phrases (already normalized), longest first, with every
/// space allowed to be several.
fn alternation<'a>(phrases: impl IntoIterator<Item = &'a str>) -> String {
    let mut list: Vec<&str> = phrases.into_iter().collect();
    list.sort_by_key(|phrase| (std::cmp::Reverse(phrase.chars().count()), *phrase));
    list.dedup();
    let escaped: Vec<String> = list
        .iter()
        .map(|p| regex::escape(p).replace(' ', " +"))
        .collect();
    format!("(?:{})", escaped.join("|"))
}

/// The forms of a list as regex alternatives in file order, each space allowed to be several:
/// `a|b +c` (for a group the pattern writes around it).
fn alternatives(lists: &WordLists, list: &str) -> String {
    let escaped: Vec<String> = lists
        .pairs(list)
        .iter()
        .map(|(form, _)| regex::escape(form).replace(' ', " +"))
        .collect();
    escaped.join("|")
}

/// Where in `slice` a rule is tried: windows around its anchors, from a little before (a
/// preposition, a part of the day) to a little after (a year, a weekday in brackets), merged
/// where they overlap. Date expressions are short; the regex engine's cost grows with the
/// text it reads.
fn windows(anchors: &[usize], slice: &str) -> Vec<Range<usize>> {
    // In bytes: Arabic letters take two. A preposition and an edge word before ("خلال مطلع
    // شهر"), a day, month names in both namings and a year after.
    const BEFORE: usize = 64;
    const AFTER: usize = 120;
    let floor = |mut i: usize| {
        while i > 0 && !slice.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        i = i.min(slice.len());
        while i < slice.len() && !slice.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    for &a in anchors {
        let w = floor(a.saturating_sub(BEFORE))..ceil(a + AFTER);
        match out.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => out.push(w),
        }
    }
    out
}

/// Number of rules.
const RULES: usize = 11;

/// The anchor words of each rule that has words for anchors (digits anchor the numeric and
/// year rules): the list `anchor` of `date_words.tsv`, then the month names. Weekday names
/// need the article or لل (الأحد، للجمعة): their anchors are "ل" + the stem, which keeps واحد،
/// أحداث، اثنين ("two") from waking the rule.
fn anchor_words(
    lists: &WordLists,
    gregorian: &[(String, u32)],
    hijri: &[(String, u32)],
) -> Vec<(String, Rule)> {
    let mut out: Vec<(String, Rule)> = parsed(lists, "anchor", |rule| {
        Some(match rule {
            "recent" => Rule::Recent,
            "relative" => Rule::Relative,
            "weekday" => Rule::Weekday,
            "ago" => Rule::Ago,
            "since_event" => Rule::SinceEvent,
            "period" => Rule::Period,
            _ => return None,
        })
    });
    for (name, _) in gregorian {
        out.push((name.clone(), Rule::GregorianDay));
        out.push((name.clone(), Rule::MonthYear));
    }
    for (name, _) in hijri {
        out.push((name.clone(), Rule::HijriDay));
    }
    out
}

/// A match's bounds moved from a window to its sentence.
struct Shifted {
    start: usize,
    end: usize,
}

/// Splits a pattern's leading `\\b` and optional proclitic classes (`[وف]?[بل]?`) off.
///
/// A Unicode word boundary at the start of a pattern hides its literal prefixes from the
/// regex engine, which then tries every position of the text with its slowest engine; without
/// it the engine jumps between occurrences of the pattern's first words (months, weekdays,
/// اليوم، امس, digits). [`DateFinder::find`] checks the boundary and proclitics instead.
/// Returns the pattern without them and the proclitic letters it allowed.
fn split_left_boundary(pattern: &str) -> (String, String) {
    let Some(mut rest) = pattern.strip_prefix("\\b") else {
        return (pattern.to_owned(), String::new());
    };
    let mut proclitics = String::new();
    while let Some(class) = rest.strip_prefix('[') {
        let Some(close) = class.find("]?") else { break };
        proclitics.push_str(&class[..close]);
        rest = &class[close + 2..];
    }
    (rest.to_owned(), proclitics)
}

/// `pattern` without its look-around assertions (word boundaries, line and text ends): a
/// regex that matches wherever the pattern does, and more. Unicode word boundaries keep the
/// regex engine off its automata on Arabic text and send every search to a backtracker that
/// reads the whole window; without them the engine's lazy DFA tells quickly that most windows
/// hold no match, and only the others are searched with the pattern itself. `None` when the
/// pattern has no assertion (nothing to gain) or cannot be parsed.
fn without_assertions(pattern: &str) -> Option<Regex> {
    use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
    fn strip(hir: Hir, found: &mut bool) -> Hir {
        match hir.into_kind() {
            HirKind::Look(_) => {
                *found = true;
                Hir::empty()
            }
            HirKind::Repetition(r) => Hir::repetition(Repetition {
                sub: Box::new(strip(*r.sub, found)),
                ..r
            }),
            HirKind::Capture(c) => Hir::capture(Capture {
                sub: Box::new(strip(*c.sub, found)),
                ..c
            }),
            HirKind::Concat(subs) => {
                Hir::concat(subs.into_iter().map(|h| strip(h, found)).collect())
            }
            HirKind::Alternation(subs) => {
                Hir::alternation(subs.into_iter().map(|h| strip(h, found)).collect())
            }
            HirKind::Empty => Hir::empty(),
            HirKind::Literal(literal) => Hir::literal(literal.0),
            HirKind::Class(class) => Hir::class(class),
        }
    }
    let mut found = false;
    let stripped = strip(regex_syntax::parse(pattern).ok()?, &mut found);
    if !found {
        return None;
    }
    Regex::new(&stripped.to_string()).ok()
}

impl DateFinder {
    /// Compiles the patterns.
    pub fn new() -> Self {
        // The embedded file is fixed: a failure is a bug caught by every test run.
        let lists = WordLists::parse("date_words.tsv", DATE_WORDS, DATE_LISTS)
            .unwrap_or_else(|e| panic!("{e}"));
        let number = |v: &str| v.parse::<u32>().ok();
        let weekdays = normalized_table(parsed(&lists, "weekday", |v| v.parse::<Weekday>().ok()));
        let mut months = parsed(&lists, "month", number);
        months.extend(parsed(&lists, "levantine_month", number));
        let gregorian_months = normalized_table(months);
        let hijri_months = normalized_table(parsed(&lists, "hijri_month", number));
        let ordinals = normalized_table(parsed(&lists, "day_ordinal", number));
        let counts = normalized_table(parsed(&lists, "count_word", number));
        let vague: Vec<String> = lists.forms("vague_count");
        let words = ContextWords::new(&lists);
        let forms = |list: &str| alternatives(&lists, list);

        // Weekday stems without the article, so that لل (ل + ال) can stand in for it.
        let weekday_stems = alternation(
            weekdays
                .iter()
                .map(|(n, _)| n.strip_prefix("ال").unwrap_or(n)),
        );
        let weekday = format!("(?:ال|لل){weekday_stems}\\b");
        let sorted = |list: &str| alternation(lists.pairs(list).iter().map(|(n, _)| n.as_str()));
        let part = sorted("day_part");
        let gregorian = sorted("month");
        let levantine = sorted("levantine_month");
        // Levantine outlets often give both names: "حزيران/يونيو", "يونيو (حزيران)".
        let month = format!(
            "(?:{levantine}\\b(?: *[/-] *{gregorian}\\b| *\\( *{gregorian} *\\))?\
             |{gregorian}\\b(?: *[/-] *{levantine}\\b| *\\( *{levantine} *\\))?)"
        );
        let hijri_month = alternation(hijri_months.iter().map(|(n, _)| n.as_str()));
        let ordinal = alternation(ordinals.iter().map(|(n, _)| n.as_str()));
        let count = alternation(
            counts
                .iter()
                .map(|(n, _)| n.as_str())
                .chain(vague.iter().map(String::as_str)),
        );
        let (hijri_era, gregorian_era) = (forms("hijri_era"), forms("gregorian_era"));
        // "1956م", "2015 م", "2014 ميلادية".
        let year = format!("(?P<year>(?:19|20)[0-9]{{2}})(?: *(?:{gregorian_era})\\b|\\b)");
        let hijri_year = format!("(?P<year>1[34][0-9]{{2}})(?: *(?:{hijri_era})\\b|\\b)");
        let year_word = format!("(?:(?:من +)?(?:{}) +)", forms("year_word"));
        let long_prep = format!("(?P<lp>{})", forms("long_preposition"));
        let edge = format!("(?P<edge>{})", forms("period_edge"));
        let past_future = forms("weekday_relative");
        let (recent_prep, past_dual, past_plural) = (
            forms("recent_preposition"),
            forms("past_dual"),
            forms("past_plural"),
        );

        let patterns: Vec<(Rule, String)> = vec![
            (
                Rule::Recent,
                format!(
                    "\\b[وف]?(?P<m>(?:(?:{recent_prep}) +)?\
                     (?:اليومين +(?:{past_dual})\
                     |الساعات +(?:ال *(?:24|48) +)?(?:القليله +)?(?:{past_plural})\
                     |(?:ال *)?(?:24|48) +ساعه +(?:{past_plural})\
                     |(?:ال)?(?:اربع|ثماني) +و(?:ال)?(?:عشرين|اربعين) +ساعه +(?:{past_plural})\
                     |الايام +(?:القليله +)?(?:{past_plural}))\\b)"
                ),
            ),
            (
                Rule::Numeric,
                format!(
                    "\\b(?P<m>(?:(?P<d>[0-9]{{1,2}}) *[/.-] *(?P<mo>[0-9]{{1,2}}) *[/.-] *(?P<y>[0-9]{{4}})\
                     |(?P<y2>[0-9]{{4}}) *[/.-] *(?P<mo2>[0-9]{{1,2}}) *[/.-] *(?P<d2>[0-9]{{1,2}}))\
                     (?P<suffix> *(?:{hijri_era}|{gregorian_era})\\b|\\b))"
                ),
            ),
            (
                Rule::GregorianDay,
                format!(
                    "\\b[وف]?[بل]?(?P<m>(?P<day>[0-9]{{1,2}}|{ordinal})\\b *(?:من +)?(?:شهر +)?\
                     (?P<mon>{month})(?: *[,،/-]? *{year_word}?{year})?)"
                ),
            ),
            (
                Rule::HijriDay,
                format!(
                    "\\b[وف]?[بل]?(?P<m>(?P<day>[0-9]{{1,2}}|{ordinal})\\b *(?:من +)?(?:شهر +)?\
                     (?P<mon>{hijri_month})\\b(?: *[,،/-]? *{year_word}?{hijri_year})?)"
                ),
            ),
            (
                Rule::Relative,
                format!(
                    "\\b[وف]?(?P<m>(?:(?P<part>{part}) +)?(?P<rel>{})\\b\
                     (?: *(?:\\( *|[،,-] *)?(?P<wd>{weekday})(?: *\\))?)?)",
                    forms("relative_day")
                ),
            ),
            (
                Rule::Weekday,
                format!(
                    "\\b[وف]?[بكل]?(?P<m>(?:(?P<part>{part}) +)?(?P<wd1>{weekday})\
                     (?:(?: *[-/–] *| +| +على +| +الى +)(?P<wd2>ال{weekday_stems})\\b)?\
                     (?: +(?P<rel>{past_future})\\b)?)"
                ),
            ),
            (
                Rule::Ago,
                format!(
                    "\\b[وف]?(?P<m>(?P<prep>{})(?: +(?:{}))? +\
                     (?:(?P<n>[0-9]{{1,3}}|{count}) +(?P<unit>{})\
                     |(?P<single>{})\
                     |(?P<plural>{})(?: +(?:{}))?)\\b)",
                    forms("ago_preposition"),
                    forms("approximator"),
                    forms("counted_unit"),
                    forms("single_unit"),
                    forms("plural_unit"),
                    forms("vague_adjective"),
                ),
            ),
            (
                Rule::MonthYear,
                format!(
                    "\\b[وف]?(?P<m>(?:{long_prep} +)?(?:{edge} +)?(?:(?P<shahr>شهر|شهري) +)?\
                     (?P<mon>{month})(?: *[,،]? *{year_word}?{year})?\
                     (?: +(?P<rel>{})\\b)?)",
                    forms("month_relative")
                ),
            ),
            (
                Rule::Year,
                format!(
                    "\\b[وف]?(?P<m>(?:{long_prep} +)?(?:{edge} +)?\
                     (?:(?P<kw>{}) +)?{year})",
                    forms("year_keyword")
                ),
            ),
            (
                Rule::Period,
                format!(
                    "\\b[وف]?(?P<m>(?:{long_prep} +)?(?:{edge} +)?(?:(?P<this>{}) +)?\
                     (?P<unit>{})\\b(?: +(?:القليله +)?(?P<rel>{})\\b)?)",
                    forms("this_word"),
                    forms("period_unit"),
                    forms("period_relative")
                ),
            ),
            (
                Rule::SinceEvent,
                format!(
                    "\\b[وف]?(?P<m>منذ +(?:{}) +(?P<w>\\w+))",
                    forms("since_event_onset")
                ),
            ),
        ];
        let rules = patterns
            .into_iter()
            .map(|(rule, pattern)| {
                let (pattern, proclitics) = split_left_boundary(&pattern);
                // The patterns are fixed; a failure is a bug caught by every test run.
                let regex = Regex::new(&pattern)
                    .unwrap_or_else(|e| panic!("date pattern {rule:?} does not compile: {e}"));
                let quick = without_assertions(regex.as_str());
                (rule, regex, quick, proclitics)
            })
            .collect::<Vec<_>>();
        let mut anchors: Vec<String> = Vec::new();
        let mut anchor_rules: Vec<Vec<Rule>> = Vec::new();
        for (word, rule) in anchor_words(&lists, &gregorian_months, &hijri_months) {
            match anchors.iter().position(|w| *w == word) {
                Some(i) => anchor_rules[i].push(rule),
                None => {
                    anchors.push(word);
                    anchor_rules.push(vec![rule]);
                }
            }
        }
        // Fixed word lists: a failure is a bug caught by every test run.
        let anchor_words = AhoCorasick::new(&anchors).expect("date anchor automaton");
        DateFinder {
            rules,
            anchor_words,
            anchor_rules,
            weekdays,
            gregorian_months,
            hijri_months,
            ordinals,
            counts,
            vague,
            words,
        }
    }

    /// Date expressions in `range` (a byte range of the normalized text), in order and not
    /// overlapping, resolved against `document_date`. A range out of bounds or inside a
    /// character is clamped.
    pub fn find(
        &self,
        text: &NormalizedText,
        range: Range<usize>,
        document_date: Option<NaiveDate>,
    ) -> Vec<DateMention> {
        let norm = text.normalized();
        let range = clamp_range(norm, range);
        let slice = &norm[range.clone()];
        let context = Context {
            norm,
            doc: document_date,
        };
        let mut candidates = Vec::new();
        let anchors = self.anchors(slice);
        for (priority, (rule, regex, quick, proclitics)) in self.rules.iter().enumerate() {
            for window in windows(&anchors[*rule as usize], slice) {
                if let Some(quick) = quick {
                    if !quick.is_match(&slice[window.clone()]) {
                        continue;
                    }
                }
                for caps in regex.captures_iter(&slice[window.clone()]) {
                    let Some(m) = caps.name("m").or_else(|| caps.get(0)) else {
                        continue;
                    };
                    // Offsets below are in the sentence slice.
                    let m = Shifted {
                        start: window.start + m.start(),
                        end: window.start + m.end(),
                    };
                    // The word boundary the pattern starts on, checked here (see
                    // `split_left_boundary`): only the rule's proclitics may stand between the
                    // previous non-word character and the match.
                    let whole_start = caps.get(0).map_or(m.start, |g| window.start + g.start());
                    let glued = slice[..whole_start]
                        .chars()
                        .rev()
                        .take_while(|c| rasd_text::is_alphanumeric(*c))
                        .take(3)
                        .collect::<String>();
                    if glued.chars().count() > proclitics.chars().count().min(2)
                        || !glued.chars().all(|c| proclitics.contains(c))
                    {
                        continue;
                    }
                    let start = range.start + m.start;
                    let end = range.start + m.end;
                    if start >= end {
                        continue;
                    }
                    // Context words are read around the whole match, proclitics included.
                    let outer = range.start + whole_start - glued.len();
                    if let Some(mut c) = self.resolve(*rule, &caps, start..end, outer, &context) {
                        c.priority = priority;
                        candidates.push(c);
                    }
                }
            }
        }
        let chosen = select(candidates);
        let merged = merge(chosen, &context, &self.words.corresponding);
        merged
            .into_iter()
            .map(|c| DateMention {
                span: text.original_span(c.start..c.end),
                normalized: c.start..c.end,
                value: c.value,
                precision: c.precision,
                long_period: c.long_period,
                future: c.future,
                kind: c.kind,
            })
            .collect()
    }

    /// Where each rule's anchor words (or digits) are in `slice`, by rule, in one pass of the
    /// anchor automaton. A rule with no anchor cannot match and is not run: Unicode word
    /// boundaries keep the regex engine off its fast paths on Arabic text, so regexes run
    /// only around their anchors.
    fn anchors(&self, slice: &str) -> Vec<Vec<usize>> {
        let mut by_rule: Vec<Vec<usize>> = vec![Vec::new(); RULES];
        for m in self.anchor_words.find_overlapping_iter(slice) {
            // A two-letter anchor (آب is "اب") occurs inside countless words (الإرهاب، باب):
            // it counts only as a word of its own.
            let word = &slice[m.start()..m.end()];
            if word.chars().count() < 3 {
                let before = slice[..m.start()].chars().next_back();
                let after = slice[m.end()..].chars().next();
                if before.is_some_and(rasd_text::is_alphanumeric)
                    || after.is_some_and(rasd_text::is_alphanumeric)
                {
                    continue;
                }
            }
            for &rule in &self.anchor_rules[m.pattern().as_usize()] {
                by_rule[rule as usize].push(m.start());
            }
        }
        let digits = slice
            .bytes()
            .enumerate()
            .filter(|&(i, b)| {
                b.is_ascii_digit() && (i == 0 || !slice.as_bytes()[i - 1].is_ascii_digit())
            })
            .map(|(i, _)| i);
        for i in digits {
            by_rule[Rule::Numeric as usize].push(i);
            by_rule[Rule::Year as usize].push(i);
        }
        for list in &mut by_rule {
            list.sort_unstable();
        }
        by_rule
    }

    fn weekday_of(&self, word: &str) -> Option<Weekday> {
        // لل stands for ل + ال: للجمعة.
        let word = match word.strip_prefix("لل") {
            Some(rest) => format!("ال{rest}"),
            None => word.to_string(),
        };
        self.weekdays
            .iter()
            .find(|(n, _)| *n == word)
            .map(|&(_, d)| d)
    }

    fn month_of(table: &[(String, u32)], text: &str) -> Option<u32> {
        let text = collapse_spaces(text);
        table
            .iter()
            .find(|(n, _)| text.starts_with(n.as_str()))
            .map(|&(_, m)| m)
    }

    fn day_of(&self, text: &str) -> Option<u32> {
        if let Ok(n) = text.parse::<u32>() {
            return Some(n);
        }
        let text = collapse_spaces(text);
        self.ordinals
            .iter()
            .find(|(n, _)| *n == text)
            .map(|&(_, d)| d)
    }

    /// Turns one regex match into a candidate, or rejects it when the context shows the
    /// words are not a date here.
    fn resolve(
        &self,
        rule: Rule,
        caps: &Captures,
        span: Range<usize>,
        outer_start: usize,
        cx: &Context,
    ) -> Option<Candidate> {
        let (start, end) = (span.start, span.end);
        let doc = cx.doc;
        let group = |name: &str| caps.name(name).map(|g| g.as_str());
        let mut c = Candidate {
            start,
            end,
            value: None,
            precision: DatePrecision::Day,
            long_period: false,
            future: false,
            kind: DateKind::Relative,
            origin: Origin::Other,
            weekday: None,
            priority: 0,
        };
        match rule {
            Rule::Recent => {
                c.value = doc;
            }
            Rule::Numeric => {
                let (d, mo, y) = match (group("d"), group("mo"), group("y")) {
                    (Some(d), Some(mo), Some(y)) => (d, mo, y),
                    _ => (group("d2")?, group("mo2")?, group("y2")?),
                };
                // Part of a longer run of numbers ("1.10.12.2016") or a decimal: not a date.
                if cx
                    .char_before(start)
                    .is_some_and(|ch| ch.is_ascii_digit() || ch == '.')
                    || cx.char_at(end).is_some_and(|ch| ch == '.' || ch == '/')
                        && cx.char_at(end + 1).is_some_and(|ch| ch.is_ascii_digit())
                {
                    return None;
                }
                let (mut d, mut mo, y) = (
                    d.parse::<u32>().ok()?,
                    mo.parse::<u32>().ok()?,
                    y.parse::<i32>().ok()?,
                );
                // Arab order is day/month; a month above 12 with a day that fits is the
                // American order.
                if mo > 12 && d <= 12 {
                    std::mem::swap(&mut d, &mut mo);
                }
                let suffix = group("suffix").unwrap_or("").trim();
                let hijri = suffix.starts_with('ه') || (1300..1500).contains(&y);
                c.kind = DateKind::Calendar;
                if hijri {
                    c.origin = Origin::Hijri;
                    c.value = Some(hijri_to_gregorian(y, mo, d)?);
                } else if (1900..=2100).contains(&y) {
                    c.origin = Origin::Gregorian;
                    c.value = Some(NaiveDate::from_ymd_opt(y, mo, d)?);
                } else {
                    return None;
                }
            }
            Rule::GregorianDay | Rule::HijriDay => {
                let day = self.day_of(group("day")?)?;
                let mon_text = group("mon")?;
                c.kind = DateKind::Calendar;
                let year = group("year").and_then(|y| y.parse::<i32>().ok());
                if rule == Rule::GregorianDay {
                    let month = Self::month_of(&self.gregorian_months, mon_text)?;
                    c.origin = Origin::Gregorian;
                    if !(1..=31).contains(&day) {
                        return None;
                    }
                    c.value = match year {
                        Some(y) => Some(NaiveDate::from_ymd_opt(y, month, day)?),
                        None => doc.and_then(|doc| infer_year(doc, month, day)),
                    };
                } else {
                    let month = Self::month_of(&self.hijri_months, mon_text)?;
                    // صفر is also "zero": without a year "10 صفر" may be a score.
                    if month == 2 && year.is_none() {
                        return None;
                    }
                    c.origin = Origin::Hijri;
                    c.value = match year {
                        Some(y) => Some(hijri_to_gregorian(y, month, day)?),
                        None => doc.and_then(|doc| infer_hijri_year(doc, month, day)),
                    };
                }
            }
            Rule::Relative => {
                let rel = collapse_spaces(group("rel")?);
                let part = group("part");
                let wd = group("wd");
                c.origin = Origin::Relative;
                c.weekday = wd.and_then(|w| self.weekday_of(w));
                let prev = cx.word_before(outer_start);
                let words = &self.words;
                let offset: i64 = match lookup(&words.relative_days, &rel)? {
                    RelativeDay::Today => {
                        // Newspapers and sites called اليوم (عين اليوم، روسيا اليوم، صحيفة
                        // اليوم) and "that day"/"on such a day" are not today.
                        if is_in(&words.not_today_before, prev)
                            || (prev == "هذا" && cx.word_before_word(outer_start) == "مثل")
                        {
                            return None;
                        }
                        // "اليوم التالي" (the next day), "اليوم الذي" (the day when),
                        // "اليوم العالمي" (international day), "اليوم الثالث" (third day).
                        if wd.is_none() {
                            let next = cx.word_after(end);
                            if is_in(&words.not_today_after, next)
                                || next.starts_with("ال")
                                    && next[4..].starts_with(|ch: char| ch.is_ascii_digit())
                            {
                                return None;
                            }
                        }
                        // "منذ 2011 حتى اليوم": the end of a running total.
                        if is_in(&words.until, prev) && part.is_none() {
                            c.long_period = true;
                        }
                        0
                    }
                    RelativeDay::Tonight => {
                        // "تلك الليلة" (that night), "الليلة التي" (the night when).
                        if is_in(&words.not_tonight_before, prev)
                            || is_in(&words.not_tonight_after, cx.word_after(end))
                        {
                            return None;
                        }
                        0
                    }
                    RelativeDay::Yesterday => {
                        // "في أمس الحاجة": in dire need.
                        if rel == "امس" && cx.word_after(end) == "الحاجه" {
                            return None;
                        }
                        -1
                    }
                    RelativeDay::DayBeforeYesterday => -2,
                    RelativeDay::Tomorrow => 1,
                    RelativeDay::TomorrowWithPart => {
                        // "الغد" alone is often "the future"; "يوم الغد" is tomorrow.
                        part?;
                        1
                    }
                    RelativeDay::DayAfterTomorrow => 2,
                };
                c.value = doc.and_then(|d| add_days(d, offset));
                c.future = offset > 0;
            }
            Rule::Weekday => {
                let wd1_text = group("wd1")?;
                let wd1 = self.weekday_of(wd1_text)?;
                let part = group("part");
                let rel = group("rel");
                let prev = cx.word_before(outer_start);
                let next = cx.word_after(end);
                // "أيام الجمعة والسبت" (Fridays and Saturdays), "كل أحد" are habits, not a
                // day: look past a list of weekdays for أيام or كل.
                if part.is_none() {
                    let mut at = outer_start;
                    let mut word = cx.word_before(at);
                    for _ in 0..3 {
                        let bare = word.strip_prefix('و').unwrap_or(word);
                        if self.weekday_of(bare).is_none() || word.is_empty() {
                            break;
                        }
                        at = cx.start_of_word_before(at);
                        word = cx.word_before(at);
                    }
                    if is_in(&self.words.habitual_before, word) {
                        return None;
                    }
                }
                if wd1 == Weekday::Sun && part.is_none() {
                    // "الأحد عشر" (the eleven), "الواحد الأحد" (God, the One).
                    if next == "عشر" || prev == "الواحد" {
                        return None;
                    }
                }
                if wd1 == Weekday::Mon && part.is_none() && rel.is_none() {
                    // الاثنين is also "the two": "بين الاثنين"، "الاثنين معا".
                    if is_in(&self.words.the_two_before, prev)
                        || is_in(&self.words.the_two_after, next)
                    {
                        return None;
                    }
                }
                c.kind = DateKind::Weekday;
                c.origin = Origin::Weekday;
                let mut day = wd1;
                if let Some(wd2) = caps.name("wd2") {
                    match self.weekday_of(wd2.as_str()) {
                        // The night between two days: the later one (see the module docs).
                        Some(second) if second == wd1.succ() => day = second,
                        // Not consecutive ("الأحد الاثنين" as a list): keep the first only.
                        _ => {
                            let wd1_end = caps.name("wd1")?.end();
                            let m_start = caps.name("m")?.start();
                            c.end = start + (wd1_end - m_start);
                        }
                    }
                }
                c.weekday = Some(day);
                let ahead = rel.is_some_and(|r| {
                    lookup(&self.words.weekday_relative, r.trim()) == Some(Direction::Future)
                });
                match rel {
                    Some(_) if ahead && c.end == end => {
                        c.value = doc.and_then(|d| next_after(d, day));
                        c.future = true;
                    }
                    Some(_) if c.end == end => {
                        c.value = doc.and_then(|d| latest_before(d, day));
                    }
                    _ => {
                        c.value = doc.and_then(|d| latest_on_or_before(d, day));
                    }
                }
            }
            Rule::Ago => {
                let words = &self.words;
                let since = lookup(&words.ago_prepositions, group("prep")?)?;
                let next = cx.word_after(end);
                // "قبل يومين من الانتخابات": relative to another event, not to the document.
                if is_in(&words.ago_not_after, next) {
                    return None;
                }
                let (unit, count): (Unit, Option<u32>) = if let Some(unit) = group("unit") {
                    let n = group("n")?;
                    let count = match n.parse::<u32>() {
                        Ok(v) => Some(v),
                        Err(_) if self.vague.iter().any(|v| v == n) => None,
                        Err(_) => Some(self.counts.iter().find(|(w, _)| w == n)?.1),
                    };
                    (lookup(&words.units, unit)?, count)
                } else if let Some(single) = group("single") {
                    let (unit, n) = lookup(&words.single_units, single)?;
                    // "قبل يوم الانتخابات"، "منذ عام 2011": a noun phrase follows, not a
                    // duration.
                    if n == 1
                        && unit != Unit::Hour
                        && (next.starts_with("ال")
                            || next.starts_with(|ch: char| ch.is_ascii_digit())
                            || Self::month_of(&self.gregorian_months, next).is_some()
                            || Self::month_of(&self.hijri_months, next).is_some())
                    {
                        return None;
                    }
                    (unit, Some(n))
                } else {
                    (lookup(&words.units, group("plural")?)?, None)
                };
                c.kind = DateKind::Relative;
                match unit {
                    Unit::Hour => {
                        c.value = doc;
                    }
                    Unit::Day => {
                        c.value = count.and_then(|n| doc.and_then(|d| add_days(d, -(n as i64))));
                        c.precision = if count.is_some() {
                            DatePrecision::Day
                        } else {
                            DatePrecision::Week
                        };
                        c.long_period = since && count.is_some_and(|n| n > 7);
                    }
                    Unit::Week => {
                        c.precision = DatePrecision::Week;
                        c.value = count.and_then(|n| {
                            doc.and_then(|d| add_days(d, -7 * n as i64))
                                .and_then(monday_of)
                        });
                        c.long_period = since && count.is_none_or(|n| n >= 2);
                    }
                    Unit::Month => {
                        c.precision = DatePrecision::Month;
                        c.value = count.and_then(|n| doc.and_then(|d| shift_month(d, -(n as i64))));
                        c.long_period = since;
                    }
                    Unit::Year => {
                        c.precision = DatePrecision::Year;
                        c.value = count
                            .and_then(|n| doc.and_then(|d| year_start(d.year() as i64 - n as i64)));
                        c.long_period = since;
                    }
                    Unit::Decade => {
                        c.precision = DatePrecision::Year;
                        c.long_period = since;
                    }
                }
            }
            Rule::MonthYear => {
                let month = Self::month_of(&self.gregorian_months, group("mon")?)?;
                let year = group("year").and_then(|y| y.parse::<i32>().ok());
                let rel = group("rel");
                let long = group("lp").is_some();
                // A month name alone is often another word (مارس "he practised", آب "father"):
                // it needs a year, شهر, الماضي/المقبل, a period word or a preposition before.
                let prev = cx.word_before(outer_start);
                let prep_before = is_in(&self.words.month_preposition, prev);
                let strong = year.is_some() || rel.is_some() || group("shahr").is_some();
                let weak = long || group("edge").is_some() || prep_before;
                if !strong && !weak {
                    return None;
                }
                // آب is also "father" (أب): only with a year, شهر or الماضي.
                if !strong && collapse_spaces(group("mon")?) == "اب" {
                    return None;
                }
                c.kind = DateKind::Calendar;
                c.origin = Origin::Gregorian;
                c.precision = DatePrecision::Month;
                c.long_period = long;
                let direction = rel.and_then(|r| lookup(&self.words.month_relative, r));
                c.value = match (year, direction) {
                    (Some(y), _) => NaiveDate::from_ymd_opt(y, month, 1),
                    (None, Some(r)) => doc.and_then(|d| match r {
                        Direction::Past => {
                            let y = if month < d.month() {
                                d.year()
                            } else {
                                d.year() - 1
                            };
                            NaiveDate::from_ymd_opt(y, month, 1)
                        }
                        Direction::Future => {
                            let y = if month > d.month() {
                                d.year()
                            } else {
                                d.year() + 1
                            };
                            NaiveDate::from_ymd_opt(y, month, 1)
                        }
                        _ => NaiveDate::from_ymd_opt(d.year(), month, 1),
                    }),
                    (None, None) => doc.and_then(|d| infer_year(d, month, 1)),
                };
            }
            Rule::Year => {
                let year: i32 = group("year")?.parse().ok()?;
                let long = group("lp").is_some();
                let prev = cx.word_before(outer_start);
                // A bare four-digit number is a count unless something says it is a year.
                let context = long
                    || group("kw").is_some()
                    || group("edge").is_some()
                    || is_in(&self.words.year_preposition, prev);
                if !context {
                    return None;
                }
                // "في 2014 غارة": a number of things.
                c.kind = DateKind::Calendar;
                c.origin = Origin::Other;
                c.precision = DatePrecision::Year;
                c.long_period = long;
                c.value = NaiveDate::from_ymd_opt(year, 1, 1);
            }
            Rule::Period => {
                let words = &self.words;
                let unit = lookup(&words.period_units, group("unit")?)?;
                let rel = group("rel");
                let this = group("this").is_some();
                let lp = group("lp");
                let edge = group("edge");
                c.kind = DateKind::Period;
                let plural = match unit {
                    PeriodUnit::Weeks => Some(DatePrecision::Week),
                    PeriodUnit::Months => Some(DatePrecision::Month),
                    PeriodUnit::Years => Some(DatePrecision::Year),
                    _ => None,
                };
                if let Some(precision) = plural {
                    // "خلال الأشهر الماضية": a stretch of months, no single value.
                    if !rel.is_some_and(|r| is_in(&words.plural_period_relative, r)) {
                        return None;
                    }
                    c.precision = precision;
                    c.long_period = true;
                    return Some(c);
                }
                // "المدير العام"، "الشهر" alone: not a date without a word that anchors it.
                if rel.is_none() && !this && lp.is_none() && edge.is_none() {
                    return None;
                }
                let step: i64 = match rel.and_then(|r| lookup(&words.period_relative, r)) {
                    Some(Direction::Past) => -1,
                    Some(Direction::Future) => 1,
                    Some(Direction::Recent) => return None,
                    Some(Direction::Current) | None => 0,
                };
                c.future = step > 0;
                match unit {
                    PeriodUnit::Week => {
                        c.precision = DatePrecision::Week;
                        c.value = doc.and_then(|d| add_days(d, 7 * step)).and_then(monday_of);
                    }
                    PeriodUnit::Month => {
                        c.precision = DatePrecision::Month;
                        c.value = doc.and_then(|d| shift_month(d, step));
                        c.long_period = lp.is_some();
                    }
                    _ => {
                        c.precision = DatePrecision::Year;
                        c.value = doc.and_then(|d| year_start(d.year() as i64 + step));
                        c.long_period = lp.is_some();
                    }
                }
            }
            Rule::SinceEvent => {
                let w = group("w")?;
                if is_in(&self.words.since_event_not, w)
                    || w.starts_with(|ch: char| ch.is_ascii_digit())
                {
                    return None;
                }
                c.kind = DateKind::Period;
                c.precision = DatePrecision::Year;
                c.long_period = true;
            }
        }
        if let (Some(v), Some(d)) = (c.value, doc) {
            if v > d {
                c.future = true;
            }
        }
        Some(c)
    }
}

/// The process-wide finder used by [`find_dates`].
fn shared_finder() -> &'static DateFinder {
    static FINDER: OnceLock<DateFinder> = OnceLock::new();
    FINDER.get_or_init(DateFinder::new)
}

/// Date expressions in `range` (a byte range of the normalized text), in order,
/// resolved against `document_date`.
///
/// ```
/// use rasd_extract::dates::{find_dates, DatePrecision};
/// use rasd_text::NormalizedText;
/// let text = NormalizedText::new("قتل ثلاثة مدنيين مساء أمس في حلب");
/// let doc = chrono::NaiveDate::from_ymd_opt(2016, 12, 12);
/// let found = find_dates(&text, 0..text.normalized().len(), doc);
/// assert_eq!(text.surface(found[0].span), "مساء أمس");
/// assert_eq!(found[0].value, chrono::NaiveDate::from_ymd_opt(2016, 12, 11));
/// assert_eq!(found[0].precision, DatePrecision::Day);
/// ```
pub fn find_dates(
    text: &NormalizedText,
    range: Range<usize>,
    document_date: Option<NaiveDate>,
) -> Vec<DateMention> {
    shared_finder().find(text, range, document_date)
}

/// Converts a Hijri date to the Gregorian calendar with the tabular (arithmetic) Islamic
/// calendar: 30-year cycle, leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29, and the
/// "astronomical" epoch Thursday 15 July 622 (Julian) rather than the civil Friday one,
/// because Saudi Arabia's Umm al-Qura calendar, which most Hijri-dated Arabic news follows,
/// is computed astronomically and starts its months a day earlier than the civil variant
/// more often than later (Saudi Press Agency datelines, which give both calendars, agree: they
/// put 25 Shawwal 1436 on 10 August 2015). Months fixed by moon sighting or by Umm al-Qura still differ by a day
/// either way at times: treat the result as ±1 day. The text's own Gregorian date (after
/// الموافق) or weekday overrides it where given.
///
/// ```
/// use rasd_extract::dates::hijri_to_gregorian;
/// assert_eq!(hijri_to_gregorian(1436, 10, 25), chrono::NaiveDate::from_ymd_opt(2015, 8, 10));
/// assert_eq!(hijri_to_gregorian(1436, 13, 1), None);
/// ```
pub fn hijri_to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if year < 1 || !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    let jdn = hijri_to_jdn(year as i64, month as i64, day as i64);
    jdn_to_date(jdn)
}

/// Julian day number of the day before 1 Muharram 1 (astronomical epoch: 1/1/1 is JDN
/// 1948439, Thursday 15 July 622 Julian).
const HIJRI_EPOCH_BEFORE: i64 = 1_948_438;

/// Julian day number of a tabular Hijri date.
fn hijri_to_jdn(y: i64, m: i64, d: i64) -> i64 {
    // (59 (m - 1) + 1) / 2 is ceil(29.5 (m - 1)): months alternate 30 and 29 days.
    d + (59 * (m - 1) + 1) / 2 + (y - 1) * 354 + (3 + 11 * y) / 30 + HIJRI_EPOCH_BEFORE
}

/// Days from 0001-01-01 (day 1 in chrono's count) to a Julian day number.
const JDN_OF_CE_DAY_ZERO: i64 = 1_721_425;

fn jdn_to_date(jdn: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(jdn - JDN_OF_CE_DAY_ZERO).ok()?)
}

/// The Hijri year (tabular) that a Gregorian day falls in.
fn hijri_year_of(date: NaiveDate) -> i64 {
    let jdn = date.num_days_from_ce() as i64 + JDN_OF_CE_DAY_ZERO;
    let mut year = (30 * (jdn - HIJRI_EPOCH_BEFORE) + 10_646).div_euclid(10_631);
    // The estimate is off by at most one; settle it against the year starts.
    if hijri_to_jdn(year, 1, 1) > jdn {
        year -= 1;
    } else if hijri_to_jdn(year + 1, 1, 1) <= jdn {
        year += 1;
    }
    year
}

/// A Hijri day and month without a year: the document's Hijri year, or the one before when
/// that lands more than 62 days after the document date.
fn infer_hijri_year(doc: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let year = i32::try_from(hijri_year_of(doc)).ok()?;
    let date = hijri_to_gregorian(year, month, day)?;
    if date > add_days(doc, 62)? {
        hijri_to_gregorian(year - 1, month, day)
    } else {
        Some(date)
    }
}

/// A Gregorian day and month without a year: the document's year, or the one before when
/// that lands more than 62 days after the document date (a January report about
/// "12 ديسمبر").
fn infer_year(doc: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let date = NaiveDate::from_ymd_opt(doc.year(), month, day);
    match date {
        Some(d) if d <= add_days(doc, 62)? => Some(d),
        _ => NaiveDate::from_ymd_opt(doc.year().checked_sub(1)?, month, day),
    }
}

fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days >= 0 {
        date.checked_add_days(Days::new(days as u64))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    }
}

fn monday_of(date: NaiveDate) -> Option<NaiveDate> {
    add_days(date, -(date.weekday().num_days_from_monday() as i64))
}

/// The first day of the month `delta` months from `date`'s.
fn shift_month(date: NaiveDate, delta: i64) -> Option<NaiveDate> {
    let index = date.year() as i64 * 12 + date.month0() as i64 + delta;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    NaiveDate::from_ymd_opt(year, index.rem_euclid(12) as u32 + 1, 1)
}

fn year_start(year: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, 1, 1)
}

/// The latest `day` on or before `date` (GOLD rule 3 for a plain weekday).
fn latest_on_or_before(date: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let back = (date.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
    add_days(date, -(back as i64))
}

/// The latest `day` strictly before `date` (الأحد الماضي).
fn latest_before(date: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    latest_on_or_before(add_days(date, -1)?, day)
}

/// The first `day` strictly after `date` (السبت المقبل).
fn next_after(date: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let ahead = (day.num_days_from_monday() + 7 - date.weekday().num_days_from_monday()) % 7;
    add_days(date, if ahead == 0 { 7 } else { ahead as i64 })
}

/// The date with weekday `day` nearest to `date`, within three days either way: a tabular
/// Hijri conversion is corrected by the weekday the text gives.
fn nudge_to_weekday(date: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let forward = (day.num_days_from_monday() + 7 - date.weekday().num_days_from_monday()) % 7;
    let offset = if forward <= 3 {
        forward as i64
    } else {
        forward as i64 - 7
    };
    add_days(date, offset)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
}

/// The text around a match, for the checks a regex without look-around cannot make.
struct Context<'a> {
    norm: &'a str,
    doc: Option<NaiveDate>,
}

impl Context<'_> {
    fn char_before(&self, offset: usize) -> Option<char> {
        self.norm.get(..offset)?.chars().next_back()
    }

    fn char_at(&self, offset: usize) -> Option<char> {
        self.norm.get(offset..)?.chars().next()
    }

    /// The word ending just before `offset` (spaces skipped, proclitic و kept as written).
    fn word_before(&self, offset: usize) -> &str {
        let Some(head) = self.norm.get(..offset) else {
            return "";
        };
        let head = head.trim_end_matches(' ');
        let start = head
            .char_indices()
            .rev()
            .find(|&(_, ch)| !rasd_text::is_alphanumeric(ch))
            .map_or(0, |(i, ch)| i + ch.len_utf8());
        &head[start..]
    }

    /// Where [`Context::word_before`] starts.
    fn start_of_word_before(&self, offset: usize) -> usize {
        let first = self.word_before(offset);
        let Some(head) = self.norm.get(..offset) else {
            return 0;
        };
        head.trim_end_matches(' ').len() - first.len()
    }

    /// The word before [`Context::word_before`].
    fn word_before_word(&self, offset: usize) -> &str {
        self.word_before(self.start_of_word_before(offset))
    }

    /// The word starting just after `offset`.
    fn word_after(&self, offset: usize) -> &str {
        let Some(tail) = self.norm.get(offset..) else {
            return "";
        };
        let tail = tail.trim_start_matches(' ');
        let end = tail
            .char_indices()
            .find(|&(_, ch)| !rasd_text::is_alphanumeric(ch))
            .map_or(tail.len(), |(i, _)| i);
        &tail[..end]
    }
}

fn collapse_spaces(text: &str) -> String {
    text.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Clamps a byte range to the text and to character boundaries.
fn clamp_range(text: &str, range: Range<usize>) -> Range<usize> {
    let mut end = range.end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = range.start.min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    start..end
}

/// Keeps the longest candidates that do not overlap (ties: the earlier rule), in text order.
fn select(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.priority.cmp(&b.priority))
            .then(a.start.cmp(&b.start))
    });
    let mut chosen: Vec<Candidate> = Vec::new();
    for c in candidates {
        if chosen.iter().all(|k| c.end <= k.start || k.end <= c.start) {
            chosen.push(c);
        }
    }
    chosen.sort_by_key(|c| c.start);
    chosen
}

/// Joins a day named twice into one mention: "الاثنين 12 ديسمبر 2016", "أمس الأحد
/// الموافق 11 / 3 / 1438ه", "2 ذو القعدة 1436 هـ الموافق 16 أغسطس 2015 م". A written Gregorian
/// date wins; a relative day wins over a Hijri conversion (which is ±1 day); a weekday
/// corrects a Hijri conversion.
fn merge(chosen: Vec<Candidate>, cx: &Context, corresponding: &[String]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::with_capacity(chosen.len());
    for next in chosen {
        let Some(prev) = out.last_mut() else {
            out.push(next);
            continue;
        };
        let gap = cx.norm.get(prev.end..next.start).unwrap_or("x");
        let rest: String = gap
            .chars()
            .filter(|ch| !matches!(ch, ' ' | ',' | '،' | '(' | ')' | '-' | '–' | '/'))
            .collect();
        let agreed = is_in(corresponding, &rest);
        let both_days =
            prev.precision == DatePrecision::Day && next.precision == DatePrecision::Day;
        let next_written = matches!(next.origin, Origin::Gregorian | Origin::Hijri);
        let joinable = both_days
            && next_written
            && (agreed
                || rest.is_empty() && matches!(prev.origin, Origin::Weekday | Origin::Relative));
        if !joinable {
            out.push(next);
            continue;
        }
        let value = match (prev.origin, next.origin) {
            (_, Origin::Gregorian) if next.value.is_some() => next.value,
            (Origin::Gregorian, Origin::Hijri) if prev.value.is_some() => prev.value,
            (Origin::Relative, Origin::Hijri) if prev.value.is_some() => prev.value,
            (Origin::Weekday, Origin::Hijri) => match (next.value, prev.weekday) {
                (Some(v), Some(day)) => nudge_to_weekday(v, day),
                _ => prev.value,
            },
            _ => next.value.or(prev.value),
        };
        // Take a closing parenthesis in when the gap opened one: "الاثنين (12 ديسمبر)".
        let mut end = next.end;
        if gap.contains('(') && cx.char_at(end) == Some(')') {
            end += 1;
        }
        let from_relative = value == prev.value && prev.origin == Origin::Relative;
        prev.end = end;
        prev.value = value;
        prev.kind = if from_relative {
            DateKind::Relative
        } else {
            DateKind::Calendar
        };
        prev.origin = next.origin;
        prev.future = match (value, cx.doc) {
            (Some(v), Some(d)) => v > d,
            _ => prev.future || next.future,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn find(text: &str, doc: Option<&str>) -> (NormalizedText, Vec<DateMention>) {
        let t = NormalizedText::new(text);
        let len = t.normalized().len();
        let found = find_dates(&t, 0..len, doc.map(date));
        (t, found)
    }

    /// The document dates of the table: a Monday, a Tuesday.
    const MON: &str = "2016-12-12";
    const TUE: &str = "2015-08-04";

    use DatePrecision::{Day, Month, Week, Year};

    /// (sentence, document date, surface of the one mention expected, value, precision,
    /// long_period, future)
    #[allow(clippy::type_complexity)]
    const CASES: &[(&str, &str, &str, Option<&str>, DatePrecision, bool, bool)] = &[
        // Relative days.
        (
            "قتل ثلاثة اليوم في حلب",
            MON,
            "اليوم",
            Some("2016-12-12"),
            Day,
            false,
            false,
        ),
        (
            "انفجرت صباح اليوم عبوة",
            MON,
            "صباح اليوم",
            Some("2016-12-12"),
            Day,
            false,
            false,
        ),
        (
            "وقع الهجوم مساء اليوم",
            MON,
            "مساء اليوم",
            Some("2016-12-12"),
            Day,
            false,
            false,
        ),
        (
            "قصف ظهر اليوم",
            MON,
            "ظهر اليوم",
            Some("2016-12-12"),
            Day,
            false,
            false,
        ),
        (
            "وقصفت فجر اليوم",
            MON,
            "فجر اليوم",
            Some("2016-12-12"),
            Day,
            false,
            false,
        ),
        (
            "تعرضت المدينة الليلة لقصف",
            MON,
            "الليلة",
            Some("2016-12-12"),
            Day,
            false,
            false,
        ),
        (
            "قتل جندي أمس في درعا",
            MON,
            "أمس",
            Some("2016-12-11"),
            Day,
            false,
            false,
        ),
        (
            "قتل جندي امس في درعا",
            MON,
            "امس",
            Some("2016-12-11"),
            Day,
            false,
            false,
        ),
        (
            "وقع الانفجار البارحة",
            MON,
            "البارحة",
            Some("2016-12-11"),
            Day,
            false,
            false,
        ),
        (
            "قتلوا أمس الأول",
            MON,
            "أمس الأول",
            Some("2016-12-10"),
            Day,
            false,
            false,
        ),
        (
            "قتلوا أول أمس",
            MON,
            "أول أمس",
            Some("2016-12-10"),
            Day,
            false,
            false,
        ),
        (
            "ونفذته الطائرات أول من أمس",
            MON,
            "أول من أمس",
            Some("2016-12-10"),
            Day,
            false,
            false,
        ),
        (
            "عثرت ليل أمس على جثتين",
            MON,
            "ليل أمس",
            Some("2016-12-11"),
            Day,
            false,
            false,
        ),
        (
            "قصفت ليلة أمس",
            MON,
            "ليلة أمس",
            Some("2016-12-11"),
            Day,
            false,
            false,
        ),
        (
            "وقع مساء أمس",
            MON,
            "مساء أمس",
            Some("2016-12-11"),
            Day,
            false,
            false,
        ),
        (
            "وقع صباح أمس",
            MON,
            "صباح أمس",
            Some("2016-12-11"),
            Day,
            false,
            false,
        ),
        (
            "وقع الذي وقع ظهر أمس،",
            MON,
            "ظهر أمس",
            Some("2016-12-11"),
            Day,
            false,
            false,
        ),
        (
            "سيزور غداً حلب",
            MON,
            "غداً",
            Some("2016-12-13"),
            Day,
            false,
            true,
        ),
        (
            "يصل بعد غد",
            MON,
            "بعد غد",
            Some("2016-12-14"),
            Day,
            false,
            true,
        ),
        (
            "انفجرت صباح اليوم (الاثنين) عبوة",
            TUE,
            "صباح اليوم (الاثنين)",
            Some("2015-08-04"),
            Day,
            false,
            false,
        ),
        (
            "قتل أمس الاثنين",
            TUE,
            "أمس الاثنين",
            Some("2015-08-03"),
            Day,
            false,
            false,
        ),
        (
            "أفاد مسؤول امس الإثنين بمقتل",
            TUE,
            "امس الإثنين",
            Some("2015-08-03"),
            Day,
            false,
            false,
        ),
        (
            "قتل أمس الخميس",
            TUE,
            "أمس الخميس",
            Some("2015-08-03"),
            Day,
            false,
            false,
        ),
        (
            "قتل ضابط أمس (الأحد) في هجوم",
            TUE,
            "أمس (الأحد)",
            Some("2015-08-03"),
            Day,
            false,
            false,
        ),
        (
            "قتل منذ يومين",
            MON,
            "منذ يومين",
            Some("2016-12-10"),
            Day,
            false,
            false,
        ),
        (
            "قتل قبل ثلاثة أيام",
            MON,
            "قبل ثلاثة أيام",
            Some("2016-12-09"),
            Day,
            false,
            false,
        ),
        (
            "قتل قبل 5 أيام",
            MON,
            "قبل 5 أيام",
            Some("2016-12-07"),
            Day,
            false,
            false,
        ),
        (
            "شهدت المنطقة خلال اليومين الماضيين",
            TUE,
            "خلال اليومين الماضيين",
            Some("2015-08-04"),
            Day,
            false,
            false,
        ),
        (
            "قتل خلال الساعات الماضية",
            TUE,
            "خلال الساعات الماضية",
            Some("2015-08-04"),
            Day,
            false,
            false,
        ),
        (
            "قتل 20 في الساعات الـ24 الماضية",
            TUE,
            "في الساعات الـ24 الماضية",
            Some("2015-08-04"),
            Day,
            false,
            false,
        ),
        // Weekdays.
        (
            "قتل الاثنين ثلاثة",
            TUE,
            "الاثنين",
            Some("2015-08-03"),
            Day,
            false,
            false,
        ),
        (
            "قتل الإثنين ثلاثة",
            MON,
            "الإثنين",
            Some("2016-12-12"),
            Day,
            false,
            false,
        ),
        (
            "قصف يوم الثلاثاء",
            TUE,
            "يوم الثلاثاء",
            Some("2015-08-04"),
            Day,
            false,
            false,
        ),
        (
            "قصف الأربعاء",
            TUE,
            "الأربعاء",
            Some("2015-07-29"),
            Day,
            false,
            false,
        ),
        (
            "قصف مساء الخميس",
            MON,
            "مساء الخميس",
            Some("2016-12-08"),
            Day,
            false,
            false,
        ),
        (
            "قصف يوم الجمعة",
            MON,
            "يوم الجمعة",
            Some("2016-12-09"),
            Day,
            false,
            false,
        ),
        (
            "وقع الهجوم بالجمعة",
            MON,
            "الجمعة",
            Some("2016-12-09"),
            Day,
            false,
            false,
        ),
        (
            "قصف والسبت",
            MON,
            "السبت",
            Some("2016-12-10"),
            Day,
            false,
            false,
        ),
        (
            "قتل فجر الأحد",
            MON,
            "فجر الأحد",
            Some("2016-12-11"),
            Day,
            false,
            false,
        ),
        (
            "قصف الأحد الماضي",
            MON,
            "الأحد الماضي",
            Some("2016-12-11"),
            Day,
            false,
            false,
        ),
        (
            "قصف الاثنين الماضي",
            MON,
            "الاثنين الماضي",
            Some("2016-12-05"),
            Day,
            false,
            false,
        ),
        (
            "اندلع الحريق يوم الأربعاء الماضي",
            TUE,
            "يوم الأربعاء الماضي",
            Some("2015-07-29"),
            Day,
            false,
            false,
        ),
        (
            "يطلق سراحها السبت المقبل",
            TUE,
            "السبت المقبل",
            Some("2015-08-08"),
            Day,
            false,
            true,
        ),
        (
            "الجولة الثلاثاء القادم",
            TUE,
            "الثلاثاء القادم",
            Some("2015-08-11"),
            Day,
            false,
            true,
        ),
        (
            "قتل قبيل ظهر الاثنين في",
            TUE,
            "ظهر الاثنين",
            Some("2015-08-03"),
            Day,
            false,
            false,
        ),
        (
            "في ليل الأحد الاثنين، قرب",
            TUE,
            "ليل الأحد الاثنين",
            Some("2015-08-03"),
            Day,
            false,
            false,
        ),
        // Explicit dates.
        (
            "قتل في 12 ديسمبر 2016 ثلاثة",
            MON,
            "12 ديسمبر 2016",
            Some("2016-12-12"),
            Day,
            false,
            false,
        ),
        (
            "قتل في 12 كانون الأول 2016 ثلاثة",
            TUE,
            "12 كانون الأول 2016",
            Some("2016-12-12"),
            Day,
            false,
            true,
        ),
        (
            "وقع في الثاني عشر من ديسمبر",
            MON,
            "الثاني عشر من ديسمبر",
            Some("2016-12-12"),
            Day,
            false,
            false,
        ),
        (
            "قتل 6 في 14 حزيران/يونيو في الموصل",
            TUE,
            "14 حزيران/يونيو",
            Some("2015-06-14"),
            Day,
            false,
            false,
        ),
        (
            "هاجم جروزني في ديسمبر 2014.",
            TUE,
            "ديسمبر 2014",
            Some("2014-12-01"),
            Month,
            false,
            false,
        ),
        (
            "حرب أكتوبر 1973م وتدليلا",
            TUE,
            "أكتوبر 1973م",
            Some("1973-10-01"),
            Month,
            false,
            false,
        ),
        (
            "قتل في 2014 كثيرون",
            TUE,
            "2014",
            Some("2014-01-01"),
            Year,
            false,
            false,
        ),
        (
            "شارك في الحرب عام 1967م ، ثم",
            TUE,
            "عام 1967م",
            Some("1967-01-01"),
            Year,
            false,
            false,
        ),
        (
            "وقع في 10/12/2016 هجوم",
            TUE,
            "10/12/2016",
            Some("2016-12-10"),
            Day,
            false,
            true,
        ),
        (
            "وقع في 2016-12-12 هجوم",
            TUE,
            "2016-12-12",
            Some("2016-12-12"),
            Day,
            false,
            true,
        ),
        (
            "وقع في 3 يناير هجوم",
            MON,
            "3 يناير",
            Some("2016-01-03"),
            Day,
            false,
            false,
        ),
        (
            "وقع في 3 يناير هجوم",
            "2017-01-05",
            "3 يناير",
            Some("2017-01-03"),
            Day,
            false,
            false,
        ),
        (
            "وقع في 20 ديسمبر هجوم",
            "2017-01-05",
            "20 ديسمبر",
            Some("2016-12-20"),
            Day,
            false,
            false,
        ),
        (
            "الرياض 2 ذو القعدة 1436 هـ الموافق 16 أغسطس 2015 م واس",
            TUE,
            "2 ذو القعدة 1436 هـ الموافق 16 أغسطس 2015 م",
            Some("2015-08-16"),
            Day,
            false,
            true,
        ),
        (
            "وقع أمس الأحد الموافق 11 / 3 / 1438ه في المدينة",
            MON,
            "أمس الأحد الموافق 11 / 3 / 1438ه",
            Some("2016-12-11"),
            Day,
            false,
            false,
        ),
        (
            "قتل الاثنين 12 ديسمبر 2016 ثلاثة",
            "2017-02-01",
            "الاثنين 12 ديسمبر 2016",
            Some("2016-12-12"),
            Day,
            false,
            false,
        ),
        // Periods.
        (
            "قتل الأسبوع الماضي",
            MON,
            "الأسبوع الماضي",
            Some("2016-12-05"),
            Week,
            false,
            false,
        ),
        (
            "قتل هذا الأسبوع",
            TUE,
            "هذا الأسبوع",
            Some("2015-08-03"),
            Week,
            false,
            false,
        ),
        (
            "قتل الشهر الماضي",
            MON,
            "الشهر الماضي",
            Some("2016-11-01"),
            Month,
            false,
            false,
        ),
        (
            "قتل العام الماضي",
            MON,
            "العام الماضي",
            Some("2015-01-01"),
            Year,
            false,
            false,
        ),
        (
            "قتل في السنة الماضية",
            MON,
            "السنة الماضية",
            Some("2015-01-01"),
            Year,
            false,
            false,
        ),
        (
            "قتل منذ بداية العام 500",
            MON,
            "منذ بداية العام",
            Some("2016-01-01"),
            Year,
            true,
            false,
        ),
        (
            "قتل منذ مطلع العام الجاري",
            MON,
            "منذ مطلع العام الجاري",
            Some("2016-01-01"),
            Year,
            true,
            false,
        ),
        (
            "قتل منذ بداية الأزمة",
            MON,
            "منذ بداية الأزمة",
            None,
            Year,
            true,
            false,
        ),
        (
            "قتل منذ اندلاع النزاع",
            MON,
            "منذ اندلاع النزاع",
            None,
            Year,
            true,
            false,
        ),
        (
            "قتل منذ 2011 أكثر من",
            MON,
            "منذ 2011",
            Some("2011-01-01"),
            Year,
            true,
            false,
        ),
        (
            "سقط 1200 قتيل خلال شهر يوليو الماضي في",
            TUE,
            "خلال شهر يوليو الماضي",
            Some("2015-07-01"),
            Month,
            true,
            false,
        ),
        (
            "خلال شهر يوليو قتل",
            MON,
            "خلال شهر يوليو",
            Some("2016-07-01"),
            Month,
            true,
            false,
        ),
        (
            "قتل خلال الشهر الماضي",
            MON,
            "خلال الشهر الماضي",
            Some("2016-11-01"),
            Month,
            true,
            false,
        ),
        (
            "قتل خلال العام 500",
            MON,
            "خلال العام",
            Some("2016-01-01"),
            Year,
            true,
            false,
        ),
        (
            "قتل خلال الأشهر الماضية",
            MON,
            "خلال الأشهر الماضية",
            None,
            Month,
            true,
            false,
        ),
        (
            "الحادث الاخطر منذ اشهر فيما",
            MON,
            "منذ اشهر",
            None,
            Month,
            true,
            false,
        ),
        (
            "لم تشهد المدينة هجوما منذ 17 عاما.",
            TUE,
            "منذ 17 عاما",
            Some("1998-01-01"),
            Year,
            true,
            false,
        ),
        (
            "منذ سنوات والحرب",
            TUE,
            "منذ سنوات",
            None,
            Year,
            true,
            false,
        ),
        (
            "منذ أشهـر عديدة",
            TUE,
            "منذ أشهـر عديدة",
            None,
            Month,
            true,
            false,
        ),
        (
            "قتل منذ 2011 حتى اليوم",
            MON,
            "منذ 2011",
            Some("2011-01-01"),
            Year,
            true,
            false,
        ),
    ];

    #[test]
    fn table() {
        let mut failures = Vec::new();
        for &(text, doc, surface, value, precision, long, future) in CASES {
            let (t, found) = find(text, Some(doc));
            let got: Vec<String> = found
                .iter()
                .map(|m| {
                    format!(
                        "{:?} {:?} {:?} long={} future={}",
                        t.surface(m.span),
                        m.value,
                        m.precision,
                        m.long_period,
                        m.future
                    )
                })
                .collect();
            let Some(m) = found.first() else {
                failures.push(format!("{text} [{doc}]: nothing found"));
                continue;
            };
            let ok = t.surface(m.span) == surface
                && m.value == value.map(date)
                && m.precision == precision
                && m.long_period == long
                && m.future == future;
            if !ok {
                failures.push(format!("{text} [{doc}]: got {got:?}"));
            }
        }
        assert!(CASES.len() >= 50);
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn quick_checks_drop_only_the_assertions() {
        let finder = DateFinder::new();
        for (rule, regex, quick, _) in &finder.rules {
            let has_boundary = regex.as_str().contains("\\b");
            assert_eq!(quick.is_some(), has_boundary, "{rule:?}");
        }
        let quick = without_assertions("\\b(?P<m>امس)\\b").unwrap();
        assert!(quick.is_match("بالامسيه"));
        assert!(without_assertions("امس").is_none());
    }

    /// Words that look like dates but are not, in these contexts.
    #[test]
    fn rejects() {
        let cases = [
            "أكد أنه لم يصب أحد من السكان",
            "وصل الأحد عشر لاعبا",
            "في اليوم الذي يزور فيه الوزير المدينة",
            "عين اليوم – عدن",
            "ووقع في اليوم التالي",
            "قتل 1500 شخص",
            "المدير العام للشركة",
            "كان يمارس رياضة الغوص",
            "مارس الضغط على الحكومة",
            "في أمس الحاجة إلى الدعم",
            "بين الاثنين خلاف",
            "قتل الاثنين معا",
            "في أيام الجمعة والسبت",
            "قبل يومين على الانتخابات",
            "وصل 2014 لاجئا",
            "رقم 12.5 بالمئة",
            "زار في أب الشهيد منزله",
            "وفي تلك الليلة قصفت",
            "في الليلة التي سبقت الهجوم",
        ];
        for text in cases {
            let (t, found) = find(text, Some(MON));
            let got: Vec<String> = found.iter().map(|m| t.surface(m.span)).collect();
            assert!(found.is_empty(), "{text}: {got:?}");
        }
    }

    #[test]
    fn without_document_date() {
        let (_, found) = find("قتل أمس ثلاثة", None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, None);
        let (_, found) = find("قتل الأحد الماضي", None);
        assert_eq!(found[0].value, None);
        let (_, found) = find("قتل في 12 ديسمبر 2016", None);
        assert_eq!(found[0].value, Some(date("2016-12-12")));
        let (_, found) = find("قتل في 12 ديسمبر", None);
        assert_eq!(found[0].value, None);
        let (_, found) = find("منذ بداية العام", None);
        assert!(found[0].long_period);
        assert_eq!(found[0].value, None);
    }

    #[test]
    fn order_and_no_overlap() {
        let (t, found) = find(
            "قتل أمس ثلاثة وأصيب الأحد الماضي اثنان في 12 ديسمبر 2016 ومنذ بداية العام",
            Some(MON),
        );
        let surfaces: Vec<String> = found.iter().map(|m| t.surface(m.span)).collect();
        assert_eq!(
            surfaces,
            ["أمس", "الأحد الماضي", "12 ديسمبر 2016", "منذ بداية العام"]
        );
        for pair in found.windows(2) {
            assert!(pair[0].span.end <= pair[1].span.start);
        }
    }

    #[test]
    fn respects_the_range() {
        let t = NormalizedText::new("قتل أمس ثلاثة. وقصف اليوم حي");
        let cut = t.normalized().find('.').unwrap();
        let found = find_dates(&t, 0..cut, Some(date(MON)));
        assert_eq!(found.len(), 1);
        assert_eq!(t.surface(found[0].span), "أمس");
        // Out of bounds and inside a character: clamped, no panic.
        let found = find_dates(&t, 3..10_000, Some(date(MON)));
        assert!(!found.is_empty());
        let found = find_dates(&t, 10_000..20_000, Some(date(MON)));
        assert!(found.is_empty());
    }

    #[test]
    fn impossible_dates_do_not_panic() {
        for text in [
            "في 31 فبراير 2016",
            "في 30/02/2016",
            "في 99/99/9999",
            "عام 99999",
            "في 45 شوال 1436",
            "في 0 يناير 2016",
            "منذ 999 عاما",
        ] {
            let _ = find(text, Some(MON));
            let _ = find(text, None);
        }
        // Extreme document dates.
        for doc in [NaiveDate::MIN, NaiveDate::MAX] {
            let t = NormalizedText::new("قتل أمس وغدا والأحد الماضي والسبت المقبل منذ 999 عاما الشهر الماضي العام المقبل في 3 يناير و12 رمضان");
            let _ = find_dates(&t, 0..t.normalized().len(), Some(doc));
        }
    }

    proptest::proptest! {
        /// Any text, range and document date: no panic, spans inside the text, in order and
        /// not overlapping.
        #[test]
        fn never_panics_and_spans_are_ordered(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "أمس", "اليوم", "الاثنين", "الأحد", "الماضي", "المقبل", "منذ", "قبل", "خلال",
                "عام", "2016", "12", "/", "-", "ديسمبر", "كانون", "الأول", "شوال", "1436", "هـ",
                "الموافق", "(", ")", "،", "مساء", "يوم", "الأسبوع", "الشهر", "العام", "بداية",
                "يومين", "ثلاثة", "أيام", "أشهر", "ليل", "غدا", "بعد", "غد", "في", "ً", "ـ",
                "31", "02", "9999", "99", "الساعات", "الـ24", "آب", "شهر",
            ]), 0..14),
            start in 0usize..200,
            len in 0usize..200,
            days in -800_000i32..800_000,
        ) {
            let text = words.join(" ");
            let t = NormalizedText::new(&text);
            let doc = NaiveDate::from_num_days_from_ce_opt(days);
            let found = find_dates(&t, start..start + len, doc);
            let chars = t.original_len_chars();
            for m in &found {
                proptest::prop_assert!(m.span.start < m.span.end && m.span.end <= chars);
                proptest::prop_assert!(m.normalized.end <= t.normalized().len());
            }
            for pair in found.windows(2) {
                proptest::prop_assert!(pair[0].normalized.end <= pair[1].normalized.start);
            }
        }
    }

    #[test]
    fn hijri_conversion() {
        // The Saudi Press Agency datelines give both calendars.
        assert_eq!(hijri_to_gregorian(1436, 10, 25), Some(date("2015-08-10")));
        assert_eq!(hijri_to_gregorian(1436, 10, 26), Some(date("2015-08-11")));
        // 15 July 622 Julian is 18 July 622 proleptic Gregorian.
        assert_eq!(hijri_to_gregorian(1, 1, 1), Some(date("0622-07-18")));
        // A 30-year cycle is 10631 days.
        let a = hijri_to_gregorian(1400, 1, 1).unwrap();
        let b = hijri_to_gregorian(1430, 1, 1).unwrap();
        assert_eq!((b - a).num_days(), 10_631);
        for d in ["2015-08-10", "2016-10-01", "2016-10-02", "1990-01-01"] {
            let y = hijri_year_of(date(d));
            let start = hijri_to_gregorian(y as i32, 1, 1).unwrap();
            let next = hijri_to_gregorian(y as i32 + 1, 1, 1).unwrap();
            assert!(start <= date(d) && date(d) < next, "{d}");
        }
        assert_eq!(hijri_year_of(date("2015-08-10")), 1436);
        assert_eq!(hijri_to_gregorian(0, 1, 1), None);
    }
}
