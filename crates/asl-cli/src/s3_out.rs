//! `asl run --s3-out DIR`: the objects a run wrote to its virtual S3 (a Distributed Map's
//! `ResultWriter`), saved as files `DIR/BUCKET/KEY`. The same objects are in the printed
//! result under `"x-asl-playground": {"s3": …}`.

use std::path::{Component, Path, PathBuf};

use asl_core::s3::S3Store;

use crate::CliError;

/// Where `bucket`/`key` goes under `dir`, or `None` for a name that would leave it (an
/// absolute key, `..`) or is empty.
fn target(dir: &Path, bucket: &str, key: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for part in [bucket, key] {
        let rel = Path::new(part);
        if part.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return None;
        }
        path.push(rel);
    }
    Some(path)
}

/// Writes every object the run wrote; returns how many.
pub(crate) fn write(dir: &Path, store: &S3Store) -> Result<usize, CliError> {
    let mut count = 0;
    for (bucket, key, body) in store.written() {
        let path = target(dir, bucket, key).ok_or_else(|| {
            CliError::Input(format!(
                "--s3-out: the object s3://{bucket}/{key} has a name that is not a relative path; not written"
            ))
        })?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                CliError::Input(format!("--s3-out: cannot create {}: {e}", parent.display()))
            })?;
        }
        std::fs::write(&path, body).map_err(|e| {
            CliError::Input(format!("--s3-out: cannot write {}: {e}", path.display()))
        })?;
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_inside_the_directory() {
        let dir = Path::new("out");
        assert_eq!(
            target(dir, "b", "p/run/manifest.json"),
            Some(PathBuf::from("out/b/p/run/manifest.json"))
        );
        assert_eq!(target(dir, "b", "../x"), None);
        assert_eq!(target(dir, "b", "/etc/passwd"), None);
        assert_eq!(target(dir, "..", "x"), None);
    }
}
