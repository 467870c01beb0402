//! End-to-end tests of the `asl` binary: exit codes, human and JSON output, stdin, and
//! hostile inputs (empty, not an object, invalid UTF-8, deep nesting, 50 MB of garbage).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `asl args…`, feeding `stdin`.
fn asl(args: &[&str], stdin: &[u8]) -> Out {
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start asl: {e}"));
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin);
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("asl did not finish: {e}"));
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A file with `content` in a per-process temporary folder.
fn temp_file(name: &str, content: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-cli-test-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    std::fs::write(&path, content)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../asl-core/tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn usage_errors_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "Usage:"),
        (&["frobnicate"], "unknown command `frobnicate`"),
        (&["run", "x.json"], "missing --input"),
        (&["share", "x.json"], "cannot read x.json"),
        (&["validate"], "missing FILE"),
        (&["validate", "a.json", "b.json"], "unexpected argument"),
        (
            &["validate", "a.json", "--format", "xml"],
            "unknown format `xml`",
        ),
        (&["graph", "a.json", "--bogus"], "invalid option"),
        (
            &["validate", "/no/such/file.json"],
            "cannot read /no/such/file.json",
        ),
    ];
    for (args, fragment) in cases {
        let out = asl(args, b"");
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains(fragment),
            "{args:?}: {:?} lacks {fragment:?}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{args:?} printed on stdout");
    }
}

#[test]
fn help_is_not_an_error() {
    for args in [&["help"][..], &["--help"], &["-h"]] {
        let out = asl(args, b"");
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(out.stdout.contains("Usage:"), "{args:?}: {:?}", out.stdout);
        assert!(out.stderr.is_empty(), "{args:?} printed on stderr");
    }
}

#[test]
fn validate_exit_codes_and_messages() {
    let empty = temp_file("empty.json", b"");
    let array = temp_file("array.json", b"[1, 2]");
    let utf8 = temp_file("latin1.json", b"{\"StartAt\": \"caf\xe9\"}");
    let deep = temp_file("deep.json", "[".repeat(10_000).as_bytes());
    let cases: &[(&str, i32, &str)] = &[
        (&fixture("default-example.asl.json"), 0, "valid (0 errors, 0 warnings)"),
        (&fixture("no-dollar-warning.asl.json"), 0, "warning[NO_DOLLAR]"),
        (&fixture("ten-defects.asl.json"), 1, "invalid (14 errors, 0 warnings)"),
        (&empty.to_string_lossy(), 1, "error[INVALID_JSON]: the document is empty"),
        (&array.to_string_lossy(), 1, "error[SCHEMA_VALIDATION_FAILED]: the state machine definition must be a JSON object, found array"),
        (&deep.to_string_lossy(), 1, "nesting is deeper than 128 levels"),
    ];
    for (file, code, fragment) in cases {
        let out = asl(&["validate", file], b"");
        assert_eq!(out.code, *code, "{file}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stdout.contains(fragment),
            "{file}: {:?} lacks {fragment:?}",
            out.stdout
        );
    }
    let out = asl(&["validate", &utf8.to_string_lossy()], b"");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("not valid UTF-8 (invalid byte at offset 16)"),
        "{}",
        out.stderr
    );
}

#[test]
fn code_frame_points_at_the_problem() {
    let out = asl(&["validate", &fixture("ten-defects.asl.json")], b"");
    let expected = "\
error[MISSING_TRANSITION_TARGET]: no state named \"Nowhere\" in this scope
 --> FILE:9:15
  |
9 |       \"Next\": \"Nowhere\"
  |               ^^^^^^^^^
  = at /States/Start Here/Next
";
    let expected = expected.replace("FILE", &fixture("ten-defects.asl.json"));
    assert!(out.stdout.contains(&expected), "{}", out.stdout);
}

#[test]
fn validate_json_format_and_stdin() {
    let text = std::fs::read(fixture("ten-defects.asl.json")).unwrap_or_default();
    let out = asl(&["validate", "-", "--format", "json"], &text);
    assert_eq!(out.code, 1);
    let value: Value = serde_json::from_str(&out.stdout).unwrap_or(Value::Null);
    let items = value.as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 14);
    assert_eq!(
        items[0],
        serde_json::json!({
            "code": "SCHEMA_VALIDATION_FAILED",
            "severity": "error",
            "message": "`TimeoutSeconds` must be a positive integer (seconds)",
            "pointer": "/TimeoutSeconds",
            "line": 3,
            "column": 21
        })
    );
    let out = asl(
        &["validate", "-"],
        b"{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}",
    );
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("<stdin>: valid"));
}

#[test]
fn graph_outputs() {
    let out = asl(&["graph", &fixture("default-example.asl.json")], b"");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("flowchart TD\n"));
    // `:` is coded like every character outside `[A-Za-z0-9 _.-]` (graph/labels.rs).
    assert!(out
        .stdout
        .contains("s0[\"Validate Order<br/>lambda#58;invoke\"]"));

    let out = asl(
        &["graph", "-", "--format", "json"],
        b"{\"StartAt\": \"end\", \"States\": {\"end\": {\"Type\": \"Succeed\"}}}",
    );
    assert_eq!(out.code, 0);
    let value: Value = serde_json::from_str(&out.stdout).unwrap_or(Value::Null);
    assert_eq!(
        value["nodes"],
        serde_json::json!([{"state": "end", "id": "s0", "line": 1, "column": 31}])
    );
    assert!(value["text"]
        .as_str()
        .is_some_and(|t| t.contains("s0([\"end\"])")));

    // Invalid ASL still draws; text that is not JSON does not.
    let out = asl(&["graph", &fixture("ten-defects.asl.json")], b"");
    assert_eq!(out.code, 0);
    let out = asl(&["graph", "-"], b"{\"a\": ");
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("error[INVALID_JSON]"));
}

#[test]
fn fifty_megabytes_of_garbage_is_quick() {
    // Printable garbage (valid UTF-8, one huge line) and raw bytes (invalid UTF-8).
    let mut seed = 0x2545_f491_u32;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    let printable: Vec<u8> = (0..50_000_000)
        .map(|_| b'!' + (next() % 90) as u8)
        .collect();
    let raw: Vec<u8> = (0..50_000_000).map(|_| (next() >> 8) as u8).collect();
    let printable = temp_file("garbage.txt", &printable);
    let raw = temp_file("garbage.bin", &raw);

    let start = Instant::now();
    let out = asl(&["validate", &printable.to_string_lossy()], b"");
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("DEFINITION_TOO_LARGE"));
    assert!(out.stdout.contains("INVALID_JSON"));
    assert!(
        out.stdout.len() < 4_000,
        "the code frame must cut long lines"
    );

    let out = asl(&["validate", &raw.to_string_lossy()], b"");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("not valid UTF-8"));
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    let _ = std::fs::remove_file(printable);
    let _ = std::fs::remove_file(raw);
}

#[test]
fn code_frame_handles_tabs_and_crlf() {
    let out = asl(
        &["validate", "-"],
        b"{\r\n\t\"StartAt\": 5,\r\n\t\"States\": {\"A\": {\"Type\": \"Succeed\"}}\r\n}",
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("2 |  \"StartAt\": 5,\n  |             ^\n"),
        "{}",
        out.stdout
    );
}
