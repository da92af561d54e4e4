//! Date expressions resolved against the document date. (Stub: the API is fixed, the finder
//! is being written.)

use chrono::NaiveDate;
use rasd_text::{NormalizedText, Span};
use std::ops::Range;

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
}

/// Date expressions in `range` (a byte range of the normalized text), in order,
/// resolved against `document_date`.
pub fn find_dates(
    _text: &NormalizedText,
    _range: Range<usize>,
    _document_date: Option<NaiveDate>,
) -> Vec<DateMention> {
    Vec::new()
}
