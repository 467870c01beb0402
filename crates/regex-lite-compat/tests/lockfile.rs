//! The substitution is in effect: the workspace's lock file resolves `regex` to this crate
//! (no registry source) and holds no `regex-automata` or `aho-corasick`, the engines that made
//! up most of the browser wasm. A dependency that asks for a `regex` newer than this crate's
//! version, or for a feature it does not declare, would silently bring them back.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

/// The `[[package]]` entries of a lock file as (name, whether it has a `source`).
fn packages(lock: &str) -> Vec<(String, bool)> {
    lock.split("[[package]]")
        .skip(1)
        .map(|entry| {
            let name = entry
                .lines()
                .find_map(|line| line.strip_prefix("name = "))
                .unwrap_or_default()
                .trim_matches('"')
                .to_string();
            (name, entry.contains("\nsource = "))
        })
        .collect()
}

fn check(lock_file: &Path) {
    let lock = std::fs::read_to_string(lock_file).expect("the lock file is readable");
    let packages = packages(&lock);
    let regexes: Vec<_> = packages
        .iter()
        .filter(|(name, _)| name == "regex")
        .collect();
    assert_eq!(
        regexes,
        [&("regex".to_string(), false)],
        "{}",
        lock_file.display()
    );
    for engine in ["regex-automata", "aho-corasick"] {
        assert!(
            packages.iter().all(|(name, _)| name != engine),
            "{} holds {engine}",
            lock_file.display()
        );
    }
}

#[test]
fn workspace_and_fuzz_lock_files_use_this_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    check(&root.join("Cargo.lock"));
    check(&root.join("fuzz/Cargo.lock"));
}
