//! Casualty claims: how many were killed, injured, missing, abducted, arrested or displaced,
//! with the qualifier and bounds of the spec's table. (Stub: the API is fixed, the finder is
//! being written.)

use rasd_text::{NormalizedText, Span};
use std::ops::Range;

/// What happened to the people counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CasualtyKind {
    /// Killed (قتل، مقتل، قتيل، استشهد، لقي مصرعه، جثة).
    Killed,
    /// Injured (أصيب، جرح، جريح، إصابة).
    Injured,
    /// Missing (مفقود، فقدان أثر، مصير مجهول).
    Missing,
    /// Abducted (اختطاف، خطف، رهينة).
    Abducted,
    /// Arrested (اعتقال، اعتقل، القبض على، توقيف).
    Arrested,
    /// Displaced (نزوح، نازح، تهجير).
    Displaced,
}

impl CasualtyKind {
    /// The spec's name.
    pub fn as_str(self) -> &'static str {
        match self {
            CasualtyKind::Killed => "killed",
            CasualtyKind::Injured => "injured",
            CasualtyKind::Missing => "missing",
            CasualtyKind::Abducted => "abducted",
            CasualtyKind::Arrested => "arrested",
            CasualtyKind::Displaced => "displaced",
        }
    }
}

/// How the number is qualified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// 14, أربعة عشر, قتيلان.
    Exact,
    /// نحو / حوالي / قرابة / زهاء.
    Approx,
    /// أكثر من / ما يربو على / ما لا يقل عن / على الأقل.
    AtLeast,
    /// أقل من / لا يتجاوز / حتى.
    AtMost,
    /// بين 10 و15 / من 10 إلى 15.
    Range,
    /// بضعة، عدة، عشرات، مئات، آلاف، عدد كبير.
    Vague,
}

impl Qualifier {
    /// The spec's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::Range => "range",
            Qualifier::Vague => "vague",
        }
    }
}

/// Who the people counted are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// مدنيين، أهالي، سكان.
    Civilians,
    /// أطفال.
    Children,
    /// نساء.
    Women,
    /// أطباء، ممرضين، مسعفين.
    Medical,
    /// صحفيين.
    Journalists,
    /// عمال إغاثة.
    AidWorkers,
    /// State forces: جنود، عسكريين، ضباط.
    Military,
    /// شرطة، رجال أمن.
    Police,
    /// Non-state fighters: مسلحين، إرهابيين، عناصر داعش.
    Militants,
    /// Not said (أشخاص، قتلى).
    Unknown,
}

impl Group {
    /// The spec's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Civilians => "civilians",
            Group::Children => "children",
            Group::Women => "women",
            Group::Medical => "medical",
            Group::Journalists => "journalists",
            Group::AidWorkers => "aid_workers",
            Group::Military => "military",
            Group::Police => "police",
            Group::Militants => "militants",
            Group::Unknown => "unknown",
        }
    }
}

/// One casualty claim found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CasualtyClaim {
    /// What happened to them.
    pub kind: CasualtyKind,
    /// Lower bound (None: unknown / open).
    pub low: Option<u64>,
    /// Upper bound (None: unknown / open).
    pub high: Option<u64>,
    /// Qualifier.
    pub qualifier: Qualifier,
    /// Who.
    pub group: Group,
    /// The claim phrase in the original text (number, noun and casualty word).
    pub span: Span,
    /// The same in the normalized text.
    pub normalized: Range<usize>,
    /// The word that says what happened (مقتل، قتلى، أصيب), in the original.
    pub cue: Span,
    /// The people counted, when named (مدنيا، جنود، عناصر تنظيم داعش), in the original.
    pub victims: Option<Span>,
}

/// Finds casualty claims. Built once (it holds compiled word lists), used from many threads.
#[derive(Debug, Default)]
pub struct CasualtyFinder {}

impl CasualtyFinder {
    /// Compiles the word lists.
    ///
    /// # Errors
    /// When an embedded list is malformed (a build defect the tests catch).
    pub fn new() -> Result<CasualtyFinder, String> {
        Ok(CasualtyFinder {})
    }

    /// The claims in one sentence (`sentence` is a byte range of the normalized text), in order.
    pub fn find(&self, _text: &NormalizedText, _sentence: Range<usize>) -> Vec<CasualtyClaim> {
        Vec::new()
    }
}
