//! Command-line paths to inputs: which files a directory walk takes, and how many bytes the
//! inputs hold (the progress bar's total).

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File};
use std::io::BufReader;
use std::path::{Path, PathBuf};

use crate::input::describe_io;

/// File extensions a directory walk takes (compared without case). A file named on the command
/// line is read whatever its name, by content; in a directory, only these are inputs, so a
/// script or a README beside the articles is not stored as a news article.
pub const INPUT_EXTENSIONS: [&str; 5] = ["txt", "json", "jsonl", "ndjson", "zip"];

/// Files in a directory walk that are not named as inputs, for the one summary line.
const LEFT_OUT_NAMED: usize = 3;

/// One input named on the command line or found in a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file to open.
    File(PathBuf),
    /// A path that cannot be read; reported when its turn comes, so messages keep input order.
    Unreadable {
        /// The path as given.
        name: String,
        /// Why.
        reason: String,
    },
}

impl Input {
    /// Whether this input is a zip archive by its name (it may hold many documents).
    pub fn is_archive(&self) -> bool {
        matches!(self, Input::File(p) if has_extension(p, "zip"))
    }
}

/// The inputs of a run and the files the directory walk left out.
#[derive(Debug, Default)]
pub struct Expanded {
    /// What to read, in order.
    pub inputs: Vec<Input>,
    /// Files found in directories whose extension is not in [`INPUT_EXTENSIONS`].
    pub left_out: Vec<PathBuf>,
}

impl Expanded {
    /// One line naming what the walk left out (`None` when nothing was): the count, the count
    /// by extension and the first few paths.
    pub fn left_out_summary(&self) -> Option<String> {
        if self.left_out.is_empty() {
            return None;
        }
        let mut by_extension: BTreeMap<String, usize> = BTreeMap::new();
        for path in &self.left_out {
            let extension = path.extension().map_or_else(
                || "no extension".to_owned(),
                |e| format!(".{}", e.to_string_lossy()),
            );
            *by_extension.entry(extension).or_default() += 1;
        }
        let kinds: Vec<String> = by_extension
            .iter()
            .map(|(extension, n)| format!("{n} {extension}"))
            .collect();
        let mut names: Vec<String> = self
            .left_out
            .iter()
            .take(LEFT_OUT_NAMED)
            .map(|p| p.display().to_string())
            .collect();
        if self.left_out.len() > LEFT_OUT_NAMED {
            names.push(format!("and {} more", self.left_out.len() - LEFT_OUT_NAMED));
        }
        let n = self.left_out.len();
        Some(format!(
            "rasd: skipped {n} file{} in directories that {} not input ({}; inputs are .{}): {}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
            kinds.join(", "),
            INPUT_EXTENSIONS.join(" ."),
            names.join(", "),
        ))
    }
}

/// Expands command-line paths: no path or `-` is stdin, a file is read whatever its name, a
/// directory is every input file below it ([`INPUT_EXTENSIONS`]; sorted by name at each
/// level, hidden entries skipped, symlinked directory loops cut).
pub fn expand(paths: &[PathBuf]) -> Expanded {
    let mut expanded = Expanded::default();
    if paths.is_empty() {
        expanded.inputs.push(Input::Stdin);
        return expanded;
    }
    let mut visited = HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            expanded.inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Err(e) => expanded.inputs.push(Input::Unreadable {
                name: path.display().to_string(),
                reason: describe_io(&e),
            }),
            Ok(meta) if meta.is_dir() => {
                let before = expanded.inputs.len();
                walk(path, &mut expanded, &mut visited);
                if expanded.inputs.len() == before {
                    expanded.inputs.push(Input::Unreadable {
                        name: path.display().to_string(),
                        reason: "directory holds no input files".to_owned(),
                    });
                }
            }
            Ok(_) => expanded.inputs.push(Input::File(path.clone())),
        }
    }
    expanded
}

fn walk(dir: &Path, expanded: &mut Expanded, visited: &mut HashSet<PathBuf>) {
    // A symlink back up the tree would recurse for ever: visit each real directory once.
    if let Ok(real) = fs::canonicalize(dir) {
        if !visited.insert(real) {
            return;
        }
    }
    let unreadable = |name: &Path, reason: String| Input::Unreadable {
        name: name.display().to_string(),
        reason,
    };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            expanded.inputs.push(unreadable(dir, describe_io(&e)));
            return;
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => expanded.inputs.push(unreadable(dir, describe_io(&e))),
        }
    }
    paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        match fs::metadata(&path) {
            Err(e) => expanded.inputs.push(unreadable(&path, describe_io(&e))),
            Ok(meta) if meta.is_dir() => walk(&path, expanded, visited),
            Ok(meta) if meta.is_file() => {
                if INPUT_EXTENSIONS.iter().any(|e| has_extension(&path, e)) {
                    expanded.inputs.push(Input::File(path));
                } else {
                    expanded.left_out.push(path);
                }
            }
            Ok(_) => expanded
                .inputs
                .push(unreadable(&path, "not a regular file".to_owned())),
        }
    }
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(extension))
}

/// The bytes the inputs hold, as reading counts them: a file's size, or for a zip archive the
/// uncompressed size of its members (read from its central directory, without inflating
/// anything). `None` when one input is stdin, whose size is unknown.
pub fn total_bytes(inputs: &[Input]) -> Option<u64> {
    inputs.iter().map(input_bytes).sum()
}

/// The bytes of one input ([`total_bytes`]); 0 for an unreadable one.
pub fn input_bytes(input: &Input) -> Option<u64> {
    match input {
        Input::Stdin => None,
        Input::Unreadable { .. } => Some(0),
        Input::File(path) => Some(
            zip_members_bytes(path)
                .unwrap_or_else(|| fs::metadata(path).map_or(0, |meta| meta.len())),
        ),
    }
}

/// The uncompressed size of a zip archive's members, or `None` when `path` is not a readable
/// zip archive (it is then read as a stream, its size the file's).
fn zip_members_bytes(path: &Path) -> Option<u64> {
    let mut file = File::open(path).ok()?;
    if !crate::input::starts_with_zip_magic(&mut file) {
        return None;
    }
    let archive = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    Some(archive.decompressed_size().map_or(0, |n| n as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_takes_inputs_and_names_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("sub")).unwrap();
        for name in [
            "a.txt",
            "b.JSONL",
            "c.py",
            "sub/d.json",
            "sub/e.ndjson",
            "sub/f.zip",
            "sub/g.py",
            "README",
            ".hidden.txt",
        ] {
            fs::write(root.join(name), "x").unwrap();
        }
        let expanded = expand(&[root.to_path_buf(), root.join("c.py")]);
        let names: Vec<String> = expanded
            .inputs
            .iter()
            .map(|i| match i {
                Input::File(p) => p.strip_prefix(root).unwrap().display().to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        // c.py named on the command line is read; in the walk it is left out.
        assert_eq!(
            names,
            [
                "a.txt",
                "b.JSONL",
                "sub/d.json",
                "sub/e.ndjson",
                "sub/f.zip",
                "c.py"
            ]
        );
        assert_eq!(expanded.left_out.len(), 3);
        let line = expanded.left_out_summary().unwrap();
        assert!(line.starts_with("rasd: skipped 3 files"), "{line}");
        assert!(line.contains("(2 .py, 1 no extension;"), "{line}");
        assert!(line.contains("c.py") && line.contains("README"), "{line}");
        assert!(Input::File(root.join("sub/f.zip")).is_archive());
    }

    #[test]
    fn an_empty_walk_is_unreadable_and_stdin_has_no_size() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.md"), "x").unwrap();
        let expanded = expand(&[dir.path().to_path_buf()]);
        assert!(matches!(
            &expanded.inputs[..],
            [Input::Unreadable { reason, .. }] if reason == "directory holds no input files"
        ));
        assert_eq!(expanded.left_out.len(), 1);
        assert_eq!(total_bytes(&expand(&[]).inputs), None);
        fs::write(dir.path().join("a.txt"), "12345").unwrap();
        assert_eq!(
            total_bytes(&expand(&[dir.path().to_path_buf()]).inputs),
            Some(5)
        );
    }
}
