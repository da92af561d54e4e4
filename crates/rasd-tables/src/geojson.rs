//! GeoJSON: a Point feature per event with coordinates, in one FeatureCollection written event
//! by event. The one writer of `rasd extract --format geojson` and `/api/export?format=geojson`.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::acled::AcledRow;
use crate::event::EventCore;

/// The feature of `event`, whose ACLED row is `row`, or `None` when it has no finite
/// coordinates in range. Its `id` is the event id; its properties are the ACLED row under
/// ACLED's column names (numbers as numbers, unknown as null) and rasd's `type`,
/// `location_name` (as written), `precision`, `modality`, `killed` and `injured` (`{low, best,
/// high}` or null), `conflicting` and `conflicting_types`.
pub fn geojson_feature(row: &AcledRow, event: &EventCore) -> Option<Value> {
    let lat = row
        .latitude
        .filter(|v| v.is_finite() && (-90.0..=90.0).contains(v))?;
    let lon = row
        .longitude
        .filter(|v| v.is_finite() && (-180.0..=180.0).contains(v))?;
    let mut properties = serde_json::to_value(row).ok()?;
    let location = event.location.as_ref();
    if let Value::Object(map) = &mut properties {
        let rasd = json!({
            "type": event.event_type,
            "location_name": location.map(|l| &l.name),
            "precision": location.and_then(|l| l.precision),
            "modality": event.modality,
            "killed": event.killed,
            "injured": event.injured,
            "conflicting": event.conflicting,
            "conflicting_types": event.conflicting_types,
        });
        if let Value::Object(extra) = rasd {
            map.extend(extra);
        }
    }
    Some(json!({
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": properties,
    }))
}

/// Writes one GeoJSON FeatureCollection, a feature per line, event by event, so a whole corpus
/// never has to be held in memory. Events without coordinates are counted, not written.
#[derive(Debug)]
pub struct FeatureCollectionWriter<W: Write> {
    out: W,
    written: usize,
    omitted: usize,
}

impl<W: Write> FeatureCollectionWriter<W> {
    /// Starts the collection.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        Ok(FeatureCollectionWriter {
            out,
            written: 0,
            omitted: 0,
        })
    }

    /// Writes the feature of `event` (see [`geojson_feature`]), or counts it as omitted.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn write_event(&mut self, row: &AcledRow, event: &EventCore) -> io::Result<()> {
        let Some(feature) = geojson_feature(row, event) else {
            self.omitted += 1;
            return Ok(());
        };
        self.out
            .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut self.out, &feature).map_err(io::Error::from)?;
        self.written += 1;
        Ok(())
    }

    /// Features written so far.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Events left out so far for want of coordinates.
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// The underlying writer, e.g. to flush it between records.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Closes the collection and gives the writer back.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"\n]}\n")?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasd_extract::record::{Acled, Location, Modality, PlacePrecision};

    fn event() -> EventCore {
        EventCore {
            id: "d1#1".to_owned(),
            event_type: "air_strike".to_owned(),
            family: "remote".to_owned(),
            acled: Acled::default(),
            cameo: "195".to_owned(),
            date: Some("2016-12-11".to_owned()),
            date_precision: None,
            location: Some(Location {
                name: "حلب".to_owned(),
                name_en: Some("Aleppo".to_owned()),
                country: Some("SY".to_owned()),
                admin1: None,
                lat: Some(36.2),
                lon: Some(37.16),
                precision: Some(PlacePrecision::Town),
                gazetteer_id: None,
                span: None,
            }),
            actors: Vec::new(),
            killed: None,
            injured: None,
            conflicting: false,
            conflicting_types: Vec::new(),
            civilian_targeting: false,
            modality: Modality::Asserted,
        }
    }

    #[test]
    fn a_feature_is_a_point_at_lon_lat_with_the_acled_row() {
        let event = event();
        let row = AcledRow::new(&event, &["s"], None);
        let feature = geojson_feature(&row, &event).unwrap();
        assert_eq!(feature["type"], "Feature");
        assert_eq!(feature["id"], "d1#1");
        assert_eq!(feature["geometry"]["coordinates"], json!([37.16, 36.2]));
        let properties = &feature["properties"];
        assert_eq!(properties["event_id_cnty"], "d1#1");
        assert_eq!(properties["event_date"], "2016-12-11");
        assert_eq!(properties["location"], "Aleppo");
        assert_eq!(properties["location_name"], "حلب");
        assert_eq!(properties["precision"], "town");
        assert_eq!(properties["fatalities"], 0);
        assert_eq!(properties["killed"], Value::Null);
        assert_eq!(properties["type"], "air_strike");

        let mut far = event.clone();
        far.location.as_mut().unwrap().lat = Some(f64::NAN);
        let far_row = AcledRow::new(&far, &["s"], None);
        assert_eq!(geojson_feature(&far_row, &far), None);
        let mut writer = FeatureCollectionWriter::new(Vec::new()).unwrap();
        for _ in 0..2 {
            writer.write_event(&row, &event).unwrap();
            writer.write_event(&far_row, &far).unwrap();
        }
        assert_eq!((writer.written(), writer.omitted()), (2, 2));
        let bytes = writer.finish().unwrap();
        let collection: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(collection["type"], "FeatureCollection");
        assert_eq!(collection["features"].as_array().unwrap().len(), 2);
        let empty = FeatureCollectionWriter::new(Vec::new()).unwrap();
        let collection: Value = serde_json::from_slice(&empty.finish().unwrap()).unwrap();
        assert_eq!(collection["features"], json!([]));
    }
}
