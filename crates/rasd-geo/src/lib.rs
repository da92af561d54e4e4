//! Gazetteer and toponym resolution for rasd.
#![deny(missing_docs)]
