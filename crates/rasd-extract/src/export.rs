//! Export formats for event records: ACLED-column CSV, GeoJSON, a terminal table. (Stub:
//! being written.)
