//! `include_dir!` embeds `web/` but cannot tell cargo which files it read: rebuild when any
//! file under `web/` changes (cargo walks a directory given to `rerun-if-changed`).
fn main() {
    println!("cargo:rerun-if-changed=../../web");
}
