//! The `rasd` command.
fn main() {}
