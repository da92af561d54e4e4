//! Compiles the names of `data/gazetteer.tsv` into `gazetteer.bin` in `OUT_DIR` (see
//! `src/compile.rs` for why and for the format), which the crate embeds.

#[path = "src/compile.rs"]
#[allow(dead_code)]
mod compile;

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let tsv_path = manifest.join("../../data/gazetteer.tsv");
    println!("cargo:rerun-if-changed={}", tsv_path.display());
    println!("cargo:rerun-if-changed=src/compile.rs");
    let tsv = std::fs::read_to_string(&tsv_path).expect("read data/gazetteer.tsv");
    let bytes = compile::compile(&tsv).unwrap_or_else(|e| panic!("data/gazetteer.tsv: {e}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out.join("gazetteer.bin"), bytes).expect("write gazetteer.bin");
}
