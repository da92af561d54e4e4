//! The closed vocabularies of format 1 (`shared/spec/EVENTS.md`): each field whose value is one
//! of a fixed list of names is an enum here, serialized as the spec's name, so that a record
//! cannot carry a value the spec does not define and readers match on variants, not strings.
//!
//! Every enum has `as_str` (the spec's name), `FromStr` (the name back, or an error naming the
//! field), `Display`, `ALL` (every value, in the spec's order) and equality with the spec's name
//! (`role == "perpetrator"`). Serde reads and writes the
//! spec's name exactly; an unknown name is an error, never a silent default.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A name that is not in a vocabulary of format 1.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a {field} of format 1")]
pub struct UnknownName {
    /// The field whose vocabulary it is not in (`modality`, `role`, ...).
    pub field: &'static str,
    /// The name given.
    pub value: String,
}

/// Declares a vocabulary enum with its names, conversions and serde.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $field:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the spec's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spec's name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownName { field: $field, value: s.to_owned() }),
                }
            }
        }

        /// Compares with the spec's name, so `role == "perpetrator"` reads as it did when the
        /// field was a string.
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                name.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

vocabulary! {
    /// Whether and how the text says the event happened (`modality`).
    Modality, "modality" {
        /// The outlet states it in its own voice.
        Asserted => "asserted",
        /// Attributed to a source.
        Reported => "reported",
        /// An accusation.
        Alleged => "alleged",
        /// Someone denies it.
        Denied => "denied",
        /// The text says it did not happen.
        Negated => "negated",
        /// It will happen.
        Future => "future",
        /// It may happen.
        Hypothetical => "hypothetical",
    }
}

impl Modality {
    /// Whether the event did not, or not yet, happen (`negated`, `future`, `hypothetical`):
    /// such records are not reports of something that happened.
    pub fn unrealized(self) -> bool {
        matches!(
            self,
            Modality::Negated | Modality::Future | Modality::Hypothetical
        )
    }
}

vocabulary! {
    /// How precise an event's date is (`date.precision`).
    DatePrecision, "date precision" {
        /// One day.
        Day => "day",
        /// A week.
        Week => "week",
        /// A month.
        Month => "month",
        /// A year.
        Year => "year",
    }
}

vocabulary! {
    /// How fine a place is (`location.precision`), finest first.
    PlacePrecision, "location precision" {
        /// A neighbourhood, street, square, base or checkpoint.
        Neighbourhood => "neighbourhood",
        /// A town, city or village.
        Town => "town",
        /// A district (second-level division).
        District => "district",
        /// A governorate, province or wider named area.
        Region => "region",
        /// A country.
        Country => "country",
    }
}

vocabulary! {
    /// An actor's part in an event (`actors[].role`).
    Role, "role" {
        /// Who did it.
        Perpetrator => "perpetrator",
        /// Whom it was aimed at.
        Target => "target",
        /// Who suffered it.
        Victim => "victim",
        /// Who speaks (verbal events).
        Claimant => "claimant",
        /// A side of a clash or an agreement.
        Party => "party",
    }
}

vocabulary! {
    /// What happened to the people a casualty claim counts (`casualties[].kind`).
    CasualtyKind, "casualty kind" {
        /// Killed.
        Killed => "killed",
        /// Injured.
        Injured => "injured",
        /// Missing.
        Missing => "missing",
        /// Abducted.
        Abducted => "abducted",
        /// Arrested.
        Arrested => "arrested",
        /// Displaced.
        Displaced => "displaced",
    }
}

vocabulary! {
    /// How a casualty figure is qualified (`casualties[].qualifier`); the bounds it gives are in
    /// the spec's table.
    Qualifier, "qualifier" {
        /// 14, أربعة عشر.
        Exact => "exact",
        /// نحو، حوالي.
        Approx => "approx",
        /// أكثر من، على الأقل.
        AtLeast => "at_least",
        /// أقل من، حتى.
        AtMost => "at_most",
        /// بين 10 و15.
        Range => "range",
        /// بضعة، عشرات.
        Vague => "vague",
    }
}

vocabulary! {
    /// Who the people a casualty claim counts are (`casualties[].group`).
    Group, "casualty group" {
        /// Civilians.
        Civilians => "civilians",
        /// Children.
        Children => "children",
        /// Women.
        Women => "women",
        /// Medical workers.
        Medical => "medical",
        /// Journalists.
        Journalists => "journalists",
        /// Aid workers.
        AidWorkers => "aid_workers",
        /// State forces.
        Military => "military",
        /// Police.
        Police => "police",
        /// Non-state fighters.
        Militants => "militants",
        /// Not said.
        Unknown => "unknown",
    }
}

impl Group {
    /// Whether the group is of people who are not combatants (civilians and the groups within
    /// them): ACLED's civilian targeting.
    pub fn is_civilian(self) -> bool {
        matches!(
            self,
            Group::Civilians
                | Group::Children
                | Group::Women
                | Group::Medical
                | Group::Journalists
                | Group::AidWorkers
        )
    }
}

vocabulary! {
    /// Who says an event happened (`attribution[].kind`).
    SourceKind, "attribution kind" {
        /// A government, army or police spokesperson.
        Official => "official",
        /// Local sources.
        LocalSources => "local_sources",
        /// An eyewitness.
        Eyewitness => "eyewitness",
        /// Activists.
        Activists => "activists",
        /// An outlet.
        Media => "media",
        /// A non-governmental organisation.
        Ngo => "ngo",
        /// An intergovernmental organisation.
        Igo => "igo",
        /// Medical sources.
        Medical => "medical",
        /// An armed group.
        ArmedGroup => "armed_group",
        /// A monitoring body (the Syrian Observatory).
        Monitor => "monitor",
        /// Not said.
        Unknown => "unknown",
    }
}

// The extractor's own enums carry the same vocabularies; these turn them into the record's.

impl From<crate::dates::DatePrecision> for DatePrecision {
    fn from(p: crate::dates::DatePrecision) -> Self {
        match p {
            crate::dates::DatePrecision::Day => DatePrecision::Day,
            crate::dates::DatePrecision::Week => DatePrecision::Week,
            crate::dates::DatePrecision::Month => DatePrecision::Month,
            crate::dates::DatePrecision::Year => DatePrecision::Year,
        }
    }
}

impl From<rasd_geo::Precision> for PlacePrecision {
    fn from(p: rasd_geo::Precision) -> Self {
        match p {
            rasd_geo::Precision::Neighbourhood => PlacePrecision::Neighbourhood,
            rasd_geo::Precision::Town => PlacePrecision::Town,
            rasd_geo::Precision::District => PlacePrecision::District,
            rasd_geo::Precision::Region => PlacePrecision::Region,
            rasd_geo::Precision::Country => PlacePrecision::Country,
        }
    }
}

impl From<crate::casualty::CasualtyKind> for CasualtyKind {
    fn from(k: crate::casualty::CasualtyKind) -> Self {
        use crate::casualty::CasualtyKind as K;
        match k {
            K::Killed => CasualtyKind::Killed,
            K::Injured => CasualtyKind::Injured,
            K::Missing => CasualtyKind::Missing,
            K::Abducted => CasualtyKind::Abducted,
            K::Arrested => CasualtyKind::Arrested,
            K::Displaced => CasualtyKind::Displaced,
        }
    }
}

impl From<rasd_text::number::QuantityQualifier> for Qualifier {
    fn from(q: rasd_text::number::QuantityQualifier) -> Self {
        use rasd_text::number::QuantityQualifier as Q;
        match q {
            Q::Exact => Qualifier::Exact,
            Q::Approx => Qualifier::Approx,
            Q::AtLeast => Qualifier::AtLeast,
            Q::AtMost => Qualifier::AtMost,
            Q::Range => Qualifier::Range,
            Q::Vague => Qualifier::Vague,
        }
    }
}

impl From<crate::casualty::Group> for Group {
    fn from(g: crate::casualty::Group) -> Self {
        use crate::casualty::Group as G;
        match g {
            G::Civilians => Group::Civilians,
            G::Children => Group::Children,
            G::Women => Group::Women,
            G::Medical => Group::Medical,
            G::Journalists => Group::Journalists,
            G::AidWorkers => Group::AidWorkers,
            G::Military => Group::Military,
            G::Police => Group::Police,
            G::Militants => Group::Militants,
            G::Unknown => Group::Unknown,
        }
    }
}

impl From<crate::candidate::Role> for Role {
    fn from(r: crate::candidate::Role) -> Self {
        use crate::candidate::Role as R;
        match r {
            R::Perpetrator => Role::Perpetrator,
            R::Target => Role::Target,
            R::Victim => Role::Victim,
            R::Claimant => Role::Claimant,
            R::Party => Role::Party,
        }
    }
}

impl From<crate::candidate::Modality> for Modality {
    fn from(m: crate::candidate::Modality) -> Self {
        use crate::candidate::Modality as M;
        match m {
            M::Asserted => Modality::Asserted,
            M::Reported => Modality::Reported,
            M::Alleged => Modality::Alleged,
            M::Denied => Modality::Denied,
            M::Negated => Modality::Negated,
            M::Future => Modality::Future,
            M::Hypothetical => Modality::Hypothetical,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each vocabulary's names are the spec's, round-trip through serde and `FromStr`, and an
    /// unknown name is an error that names the field.
    #[test]
    fn names_round_trip_and_unknown_names_fail() {
        fn check<T>(all: &[T], expected: &[&str])
        where
            T: Copy + PartialEq + fmt::Debug + Serialize + for<'de> Deserialize<'de> + FromStr,
            T: fmt::Display,
        {
            let names: Vec<String> = all.iter().map(ToString::to_string).collect();
            assert_eq!(names, expected);
            for value in all {
                let json = serde_json::to_string(value).unwrap();
                assert_eq!(json, format!("\"{value}\""));
                assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *value);
                assert!(value.to_string().parse::<T>().is_ok_and(|v| v == *value));
            }
            assert!(serde_json::from_str::<T>("\"Killed \"").is_err());
            assert!(serde_json::from_str::<T>("3").is_err());
        }
        check(
            Modality::ALL,
            &[
                "asserted",
                "reported",
                "alleged",
                "denied",
                "negated",
                "future",
                "hypothetical",
            ],
        );
        check(DatePrecision::ALL, &["day", "week", "month", "year"]);
        check(
            PlacePrecision::ALL,
            &["neighbourhood", "town", "district", "region", "country"],
        );
        check(
            Role::ALL,
            &["perpetrator", "target", "victim", "claimant", "party"],
        );
        check(
            CasualtyKind::ALL,
            &[
                "killed",
                "injured",
                "missing",
                "abducted",
                "arrested",
                "displaced",
            ],
        );
        check(
            Qualifier::ALL,
            &["exact", "approx", "at_least", "at_most", "range", "vague"],
        );
        check(
            Group::ALL,
            &[
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
            ],
        );
        check(
            SourceKind::ALL,
            &[
                "official",
                "local_sources",
                "eyewitness",
                "activists",
                "media",
                "ngo",
                "igo",
                "medical",
                "armed_group",
                "monitor",
                "unknown",
            ],
        );
        let error = "sometimes".parse::<Modality>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"sometimes\" is not a modality of format 1"
        );
    }

    /// The extractor's names and the record's agree, variant by variant.
    #[test]
    fn the_extractors_enums_map_to_the_same_names() {
        use crate::casualty::{CasualtyKind as K, Group as G};
        for name in CasualtyKind::ALL.iter().map(|k| k.as_str()) {
            let kind = K::from_name(name).unwrap();
            assert_eq!(CasualtyKind::from(kind).as_str(), kind.as_str());
        }
        for name in Group::ALL.iter().map(|g| g.as_str()) {
            let group = G::from_name(name).unwrap();
            assert_eq!(Group::from(group).as_str(), group.as_str());
        }
        use rasd_text::number::QuantityQualifier as Q;
        for q in [
            Q::Exact,
            Q::Approx,
            Q::AtLeast,
            Q::AtMost,
            Q::Range,
            Q::Vague,
        ] {
            assert_eq!(Qualifier::from(q).as_str(), q.as_str());
        }
        use crate::dates::DatePrecision as D;
        for d in [D::Day, D::Week, D::Month, D::Year] {
            assert_eq!(DatePrecision::from(d).as_str(), d.as_str());
        }
        use rasd_geo::Precision as P;
        for p in [
            P::Neighbourhood,
            P::Town,
            P::District,
            P::Region,
            P::Country,
        ] {
            assert_eq!(PlacePrecision::from(p).as_str(), p.as_str());
        }
        for name in rasd_lexicon::SOURCE_KINDS {
            assert!(name.parse::<SourceKind>().is_ok(), "{name}");
        }
        assert_eq!(SourceKind::ALL.len(), rasd_lexicon::SOURCE_KINDS.len());
    }
}
