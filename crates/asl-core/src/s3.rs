//! The virtual S3 of a run: the objects a mock file declares under
//! `"x-asl-playground": {"s3": {bucket: {key: content}}}`, read by a Distributed Map's
//! `ItemReader` and written by its `ResultWriter`. The store belongs to the host (the core
//! reaches it only through [`crate::host::Host`]'s `s3_*` methods), one per run.
//!
//! An object's content is a string (its exact bytes, as UTF-8 text) or any other JSON value,
//! stored as its compact JSON text. Keys list in UTF-8 byte order, as S3 lists them.
//! A put into a bucket the file does not declare creates the bucket (the playground has no
//! `CreateBucket`; a run without a mock file can still write its results somewhere).
//! Task states calling S3 (`aws-sdk:s3:getObject`/`putObject`/`listObjectsV2`) that the
//! test case does not mock are answered from the same store ([`answer_task`]).

use serde_json::Value;

use crate::diagnostics::{escape_pointer_token, Diagnostic, Severity};
use crate::doc::Doc;
use crate::error::StatesError;
use crate::host::{TaskCall, TaskOutcome};

/// Most bytes one object may hold (the 10 MB CSV of the hostile suite fits; a mock file or
/// a run cannot grow an object past it).
pub const MAX_OBJECT_BYTES: usize = crate::limits::MAX_S3_OBJECT_BYTES;

/// One object as `ListObjectsV2` describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct S3Listing {
    /// The object key.
    pub key: String,
    /// Content length in bytes.
    pub size: u64,
    /// `"<md5 hex>"`, quotes included, as S3 returns it for a single-part upload.
    pub etag: String,
}

/// A run's buckets and objects, and the keys the run wrote and read, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct S3Store {
    /// Buckets by name, each with its objects by key, both sorted (sorted vectors rather than
    /// `BTreeMap`s: their code is already in every build, which the page's size budget needs).
    buckets: Vec<(String, Vec<(String, String)>)>,
    written: Vec<(String, String)>,
    /// Keys a `GetObject` of the run returned ([`S3Store::read`]), for the page's list.
    read: Vec<(String, String)>,
}

/// The value under `key` in a sorted vector of pairs.
fn find<'a, T>(pairs: &'a [(String, T)], key: &str) -> Option<&'a T> {
    pairs
        .binary_search_by(|(k, _)| k.as_str().cmp(key))
        .ok()
        .map(|i| &pairs[i].1)
}

/// The value under `key`, inserted (with `T::default()`) where it sorts when missing.
fn entry<'a, T: Default>(pairs: &'a mut Vec<(String, T)>, key: &str) -> &'a mut T {
    let i = match pairs.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
        Ok(i) => i,
        Err(i) => {
            pairs.insert(i, (key.to_owned(), T::default()));
            i
        }
    };
    &mut pairs[i].1
}

fn no_such_bucket(bucket: &str) -> StatesError {
    StatesError::new(
        "S3.NoSuchBucketException",
        format!("The specified bucket does not exist (Service: S3, Status Code: 404, Error Code: NoSuchBucket, Bucket: {bucket})"),
    )
}

impl S3Store {
    /// Parses the `s3` member of the mock file's extension object; `ptr` is its JSON pointer.
    pub fn parse(value: &Doc, ptr: &str) -> Result<S3Store, Vec<Diagnostic>> {
        let problem = |message: String, pointer: String| Diagnostic {
            code: "MOCKS_S3",
            severity: Severity::Error,
            message,
            pointer,
            span: 0..0,
        };
        // Without the `distributed` feature nothing reads the store (docs/wasm-size.md).
        if !crate::exec::DISTRIBUTED {
            return Ok(S3Store::default());
        }
        let Some(buckets) = value.as_object() else {
            return Err(vec![problem(
                "s3 must be an object of buckets, each an object of keys and contents".into(),
                ptr.into(),
            )]);
        };
        let mut store = S3Store::default();
        let mut problems = Vec::new();
        for (bucket, objects) in buckets {
            let bptr = format!("{ptr}/{}", escape_pointer_token(bucket));
            let Some(objects) = objects.as_object() else {
                problems.push(problem(
                    format!("bucket '{bucket}' must be an object of keys and contents"),
                    bptr,
                ));
                continue;
            };
            let objects_of = entry(&mut store.buckets, bucket);
            for (key, content) in objects {
                let body = match content {
                    Doc::String(s) => s.to_string(),
                    other => other.to_json_string(),
                };
                if body.len() > MAX_OBJECT_BYTES {
                    problems.push(problem(
                        format!(
                            "object '{key}' holds {} bytes; an object may hold at most {MAX_OBJECT_BYTES}",
                            body.len()
                        ),
                        format!("{bptr}/{}", escape_pointer_token(key)),
                    ));
                    continue;
                }
                *entry(objects_of, key) = body;
            }
        }
        if problems.is_empty() {
            Ok(store)
        } else {
            Err(problems)
        }
    }

    /// `GetObject`: the object's content.
    pub fn get(&self, bucket: &str, key: &str) -> Result<&str, StatesError> {
        let objects = find(&self.buckets, bucket)
            .filter(|_| crate::exec::DISTRIBUTED)
            .ok_or_else(|| no_such_bucket(bucket))?;
        find(objects, key).map(String::as_str).ok_or_else(|| {
            StatesError::new(
                "S3.NoSuchKeyException",
                format!("The specified key does not exist. (Service: S3, Status Code: 404, Error Code: NoSuchKey, Bucket: {bucket}, Key: {key})"),
            )
        })
    }

    /// `GetObject` on behalf of the run: [`S3Store::get`], remembering that the run read the
    /// object (the page lists what a run read and wrote).
    pub fn read(&mut self, bucket: &str, key: &str) -> Result<&str, StatesError> {
        self.get(bucket, key)?;
        let read = (bucket.to_owned(), key.to_owned());
        if !self.read.contains(&read) {
            self.read.push(read);
        }
        self.get(bucket, key)
    }

    /// `PutObject`: stores (or replaces) an object and remembers that the run wrote it.
    pub fn put(&mut self, bucket: &str, key: &str, body: String) -> Result<(), StatesError> {
        if body.len() > MAX_OBJECT_BYTES {
            return Err(StatesError::new(
                "S3.EntityTooLargeException",
                format!("The object '{key}' would hold {} bytes; the playground's virtual S3 keeps at most {MAX_OBJECT_BYTES} per object", body.len()),
            ));
        }
        if !crate::exec::DISTRIBUTED {
            return Err(no_such_bucket(bucket));
        }
        *entry(entry(&mut self.buckets, bucket), key) = body;
        let written = (bucket.to_owned(), key.to_owned());
        if !self.written.contains(&written) {
            self.written.push(written);
        }
        Ok(())
    }

    /// `ListObjectsV2`: the objects whose key starts with `prefix`, in key order.
    pub fn list(&self, bucket: &str, prefix: &str) -> Result<Vec<S3Listing>, StatesError> {
        let objects = find(&self.buckets, bucket)
            .filter(|_| crate::exec::DISTRIBUTED)
            .ok_or_else(|| no_such_bucket(bucket))?;
        // Keys sort, so those with the prefix are one run starting where the prefix would.
        let start = objects.partition_point(|(k, _)| k.as_str() < prefix);
        Ok(objects[start..]
            .iter()
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(key, body)| S3Listing {
                key: key.clone(),
                size: body.len() as u64,
                etag: etag(body),
            })
            .collect())
    }

    /// The objects the run wrote, in the order first written: (bucket, key, content).
    pub fn written(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.written.iter().filter_map(|(b, k)| {
            let body = find(find(&self.buckets, b)?, k)?;
            Some((b.as_str(), k.as_str(), body.as_str()))
        })
    }

    /// The objects the run read, in the order first read: (bucket, key, content as it is
    /// now: an object the run replaced afterwards shows its new content).
    pub fn read_objects(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.read.iter().filter_map(|(b, k)| {
            let body = find(find(&self.buckets, b)?, k)?;
            Some((b.as_str(), k.as_str(), body.as_str()))
        })
    }

    /// Whether the run wrote the object `bucket`/`key`.
    pub fn was_written(&self, bucket: &str, key: &str) -> bool {
        self.written.iter().any(|(b, k)| b == bucket && k == key)
    }

    /// `{"s3": {bucket: {key: content}}}` of the objects the run wrote (the mock file's
    /// format), or `None` when it wrote none.
    pub fn written_json(&self) -> Option<Value> {
        let mut buckets = serde_json::Map::new();
        for (bucket, key, body) in self.written() {
            let objects = buckets
                .entry(bucket.to_owned())
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            if let Value::Object(objects) = objects {
                objects.insert(key.to_owned(), Value::String(body.to_owned()));
            }
        }
        (!buckets.is_empty()).then(|| serde_json::json!({ "s3": buckets }))
    }

    /// Every object: (bucket, key, content), by bucket then key.
    pub fn objects(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.buckets.iter().flat_map(|(b, objects)| {
            objects
                .iter()
                .map(move |(k, body)| (b.as_str(), k.as_str(), body.as_str()))
        })
    }
}

/// Answers a Task state's S3 call from the store when nothing mocks it: the SDK
/// integrations `arn:aws:states:::aws-sdk:s3:getObject`, `…:putObject` and
/// `…:listObjectsV2` (and the same actions as `arn:aws:states:::s3:…`), with the SDK's
/// response field names. `None` for any other resource.
pub fn answer_task(store: &mut S3Store, call: &TaskCall<'_>) -> Option<TaskOutcome> {
    if !crate::exec::DISTRIBUTED {
        return None;
    }
    let action = call
        .resource
        .strip_prefix("arn:aws:states:::aws-sdk:s3:")
        .or_else(|| call.resource.strip_prefix("arn:aws:states:::s3:"))?;
    let text = |k: &str| call.input.get(k).and_then(Doc::as_str).unwrap_or_default();
    let (bucket, key) = (text("Bucket"), text("Key"));
    let result = match action {
        "getObject" => store.read(bucket, key).map(|body| {
            Doc::object_of([
                ("Body", Doc::from(body)),
                ("ContentLength", Doc::from(body.len() as u64)),
                ("ContentType", Doc::from("application/octet-stream")),
                ("ETag", Doc::from(etag(body))),
            ])
        }),
        "putObject" => {
            let body = match call.input.get("Body") {
                Some(Doc::String(s)) => s.to_string(),
                Some(other) => other.to_value().to_string(),
                None => String::new(),
            };
            let tag = etag(&body);
            store
                .put(bucket, key, body)
                .map(|()| Doc::object_of([("ETag", Doc::from(tag))]))
        }
        "listObjectsV2" => {
            let prefix = text("Prefix");
            store.list(bucket, prefix).map(|objects| {
                let count = objects.len() as u64;
                let contents = objects
                    .into_iter()
                    .map(|o| {
                        Doc::object_of([
                            ("ETag", Doc::from(o.etag)),
                            ("Key", Doc::from(o.key)),
                            ("Size", Doc::from(o.size)),
                            ("StorageClass", Doc::from("STANDARD")),
                        ])
                    })
                    .collect();
                Doc::object_of([
                    ("Contents", Doc::array(contents)),
                    ("IsTruncated", Doc::Bool(false)),
                    ("KeyCount", Doc::from(count)),
                    ("MaxKeys", Doc::from(1000u64)),
                    ("Name", Doc::from(bucket)),
                    ("Prefix", Doc::from(prefix)),
                ])
            })
        }
        _ => return None,
    };
    Some(match result {
        Ok(output) => TaskOutcome::Return {
            output,
            duration_ms: 0,
            unmocked: true,
        },
        Err(error) => TaskOutcome::Throw {
            error,
            duration_ms: 0,
        },
    })
}

fn etag(body: &str) -> String {
    use md5::Digest;
    let digest = md5::Md5::digest(body.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

// Without `distributed` the store holds nothing (see `S3Store::parse`).
#[cfg(all(test, feature = "distributed"))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_are_kept_exactly_and_values_as_compact_json() {
        let store = S3Store::parse(
            &Doc::from(json!({"b": {"a.csv": "x,y\n1,2\n", "a.json": [{"id": 1}]}})),
            "/s3",
        )
        .expect("works");
        assert_eq!(store.get("b", "a.csv").expect("works"), "x,y\n1,2\n");
        assert_eq!(store.get("b", "a.json").expect("works"), r#"[{"id":1}]"#);
        assert_eq!(
            store.get("b", "nope").expect_err("fails").error,
            "S3.NoSuchKeyException"
        );
        assert_eq!(
            store.get("c", "a.csv").expect_err("fails").error,
            "S3.NoSuchBucketException"
        );
    }

    #[test]
    fn reads_are_remembered_once_and_failed_reads_not_at_all() {
        let mut store =
            S3Store::parse(&Doc::from(json!({"b": {"x": "1", "y": "2"}})), "/s3").expect("works");
        store.read("b", "y").expect("works");
        store.read("b", "y").expect("works");
        store.read("b", "x").expect("works");
        assert!(store.read("b", "nope").is_err());
        // `get` alone (the page's own look-ups) is no read of the run.
        store.get("b", "x").expect("works");
        let read: Vec<_> = store.read_objects().map(|(_, k, body)| (k, body)).collect();
        assert_eq!(read, [("y", "2"), ("x", "1")]);
        assert!(!store.was_written("b", "x"));
        store.put("b", "x", "3".into()).expect("works");
        assert!(store.was_written("b", "x"));
    }

    #[test]
    fn listing_is_by_prefix_in_key_order_with_md5_etags() {
        let mut store = S3Store::default();
        store.put("b", "p/2", "".into()).expect("works");
        store.put("b", "p/1", "hello".into()).expect("works");
        store.put("b", "q/1", "x".into()).expect("works");
        let listed = store.list("b", "p/").expect("works");
        let keys: Vec<_> = listed.iter().map(|o| o.key.as_str()).collect();
        assert_eq!(keys, ["p/1", "p/2"]);
        // MD5("hello") and MD5("") (RFC 1321 test suite).
        assert_eq!(listed[0].etag, "\"5d41402abc4b2a76b9719d911017c592\"");
        assert_eq!(listed[1].etag, "\"d41d8cd98f00b204e9800998ecf8427e\"");
        assert_eq!(listed[0].size, 5);
        let written: Vec<_> = store.written().map(|(_, k, _)| k).collect();
        assert_eq!(written, ["p/2", "p/1", "q/1"]);
    }

    #[test]
    fn writes_past_the_object_limit_fail() {
        let mut store = S3Store::default();
        let error = store
            .put("b", "k", "x".repeat(MAX_OBJECT_BYTES + 1))
            .expect_err("too large");
        assert_eq!(error.error, "S3.EntityTooLargeException");
        assert!(store.put("b", "k", "x".repeat(MAX_OBJECT_BYTES)).is_ok());
    }

    #[test]
    fn malformed_buckets_are_reported_with_pointers() {
        let problems =
            S3Store::parse(&Doc::from(json!({"b": 3})), "/x-asl-playground/s3").expect_err("fails");
        assert_eq!(problems[0].pointer, "/x-asl-playground/s3/b");
    }
}
