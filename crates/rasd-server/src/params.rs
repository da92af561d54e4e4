//! Query strings: parsed here rather than by an extractor, so each bad parameter gets a 400
//! that names it, and a parameter no endpoint knows is refused instead of silently ignored.

use std::collections::BTreeMap;

use rasd_store::{EventFilter, ExportFormat, Sort};

use crate::ApiError;

/// The filter parameters of `/api/events`, `/api/stats` and `/api/export`.
pub(crate) const FILTERS: &[&str] = &[
    "from",
    "to",
    "country",
    "admin1",
    "type",
    "family",
    "actor",
    "min_killed",
    "bbox",
    "q",
    "sort",
];

/// Largest page (the store's limit too).
pub(crate) const MAX_LIMIT: usize = 500;

/// Page size when `limit` is not given.
pub(crate) const DEFAULT_LIMIT: usize = 50;

/// The parameters of one request, each given at most once. An empty value counts as absent
/// (an HTML form sends its empty fields as `name=`).
pub(crate) struct Params {
    values: BTreeMap<String, String>,
}

impl Params {
    /// Parses `query` and checks every name is one of `allowed`.
    pub(crate) fn parse(query: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|e| ApiError::bad_request(format!("malformed query string: {e}")))?;
        let mut values = BTreeMap::new();
        for (name, value) in pairs {
            if !allowed.contains(&name.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {name:?} (this endpoint takes {})",
                    allowed.join(", ")
                )));
            }
            if values.contains_key(&name) {
                return Err(ApiError::bad_request(format!(
                    "parameter {name:?} given more than once"
                )));
            }
            if !value.trim().is_empty() {
                values.insert(name, value.trim().to_owned());
            }
        }
        Ok(Params { values })
    }

    /// The parameters in one canonical order, as a cache key.
    pub(crate) fn canonical(&self) -> String {
        serde_urlencoded::to_string(&self.values).unwrap_or_default()
    }

    /// The value of `name`, if given.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    fn owned(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    /// The event filter (and sort order) these parameters describe.
    pub(crate) fn filter(&self) -> Result<EventFilter, ApiError> {
        let country = self.owned("country");
        if let Some(c) = &country {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(ApiError::bad_request(format!(
                    "country must be an ISO 3166-1 alpha-2 code such as SY, not {c:?}"
                )));
            }
        }
        let min_killed = self
            .get("min_killed")
            .map(|v| {
                v.parse::<u64>().map_err(|_| {
                    ApiError::bad_request(format!(
                        "min_killed must be a whole number 0 or more, not {v:?}"
                    ))
                })
            })
            .transpose()?;
        let sort = self
            .get("sort")
            .map(|v| v.parse::<Sort>())
            .transpose()
            .map_err(ApiError::from)?;
        let bbox = self.get("bbox").map(parse_bbox).transpose()?;
        Ok(EventFilter {
            from: self.owned("from"),
            to: self.owned("to"),
            country,
            admin1: self.owned("admin1"),
            event_type: self.owned("type"),
            family: self.owned("family"),
            actor: self.owned("actor"),
            min_killed,
            bbox,
            q: self.owned("q"),
            sort,
        })
    }

    /// `limit`: 1 to 500, 50 when absent.
    pub(crate) fn limit(&self) -> Result<usize, ApiError> {
        let Some(v) = self.get("limit") else {
            return Ok(DEFAULT_LIMIT);
        };
        match v.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(format!(
                "limit must be a whole number from 1 to {}, not {v:?}",
                MAX_LIMIT
            ))),
        }
    }

    /// `format` of an export: `csv` when absent.
    pub(crate) fn format(&self) -> Result<ExportFormat, ApiError> {
        self.get("format")
            .map_or(Ok(ExportFormat::Csv), str::parse)
            .map_err(ApiError::from)
    }
}

/// `minlon,minlat,maxlon,maxlat`. Longitudes beyond ±180 (a map scrolled past the date line)
/// and latitudes beyond ±90 are clamped rather than refused; a box with a minimum above its
/// maximum is refused.
fn parse_bbox(v: &str) -> Result<[f64; 4], ApiError> {
    let bad = || {
        ApiError::bad_request(format!(
            "bbox must be four numbers minlon,minlat,maxlon,maxlat with min <= max, not {v:?}"
        ))
    };
    let numbers: Vec<f64> = v
        .split(',')
        .map(|p| p.trim().parse::<f64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let [min_lon, min_lat, max_lon, max_lat] = numbers[..] else {
        return Err(bad());
    };
    if numbers.iter().any(|n| !n.is_finite()) || min_lon > max_lon || min_lat > max_lat {
        return Err(bad());
    }
    Ok([
        min_lon.clamp(-180.0, 180.0),
        min_lat.clamp(-90.0, 90.0),
        max_lon.clamp(-180.0, 180.0),
        max_lat.clamp(-90.0, 90.0),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_is_four_ordered_numbers() {
        assert_eq!(
            parse_bbox("35,32,42.5,37.3").unwrap(),
            [35.0, 32.0, 42.5, 37.3]
        );
        assert_eq!(parse_bbox("-200,-95,10,10").unwrap()[..2], [-180.0, -90.0]);
        for bad in [
            "1,2,3",
            "1,2,3,4,5",
            "a,b,c,d",
            "10,0,5,5",
            "0,10,5,5",
            "NaN,0,1,1",
            "",
        ] {
            assert!(parse_bbox(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_and_repeated_parameters_are_refused() {
        assert!(Params::parse(Some("limit=5&bogus=1"), &["limit"]).is_err());
        assert!(Params::parse(Some("limit=5&limit=6"), &["limit"]).is_err());
        let p = Params::parse(Some("limit=&q=%D8%AD%D9%84%D8%A8"), &["limit", "q"]).unwrap();
        assert_eq!(p.get("limit"), None);
        assert_eq!(p.get("q"), Some("حلب"));
    }

    #[test]
    fn the_error_names_the_parameter() {
        let p = Params::parse(Some("min_killed=-3"), FILTERS).unwrap();
        assert!(p.filter().unwrap_err().message.contains("min_killed"));
        let p = Params::parse(Some("country=Syria"), FILTERS).unwrap();
        assert!(p.filter().unwrap_err().message.contains("country"));
        let p = Params::parse(Some("limit=0"), &["limit"]).unwrap();
        assert!(p.limit().unwrap_err().message.contains("limit"));
    }
}
