//! The CLI's side of the resource limits (docs/limits.md): each test crosses one limit and
//! checks the exact message a user sees.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Runs `asl args…` and returns (exit code, stdout, stderr).
fn asl(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot start asl: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-cli-limits-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn temp_file(name: &str, content: &str) -> String {
    let path = temp_dir().join(name);
    std::fs::write(&path, content).unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
    path.to_string_lossy().into_owned()
}

const PASS: &str = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#;

/// A 100 MB file is refused by its size, before it is read (the file is sparse: no disk).
#[test]
fn files_over_64_mib_are_refused_before_reading() {
    let path = temp_dir().join("huge.json");
    let file = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{e}"));
    file.set_len(100_000_000).unwrap_or_else(|e| panic!("{e}"));
    let huge = path.to_string_lossy().into_owned();
    let definition = temp_file("pass.json", PASS);
    let expected =
        format!("{huge} is 100000000 bytes; asl reads files of at most 67108864 bytes (64 MiB)");
    for args in [
        vec!["run", definition.as_str(), "--input", huge.as_str()],
        vec!["run", huge.as_str(), "--input", definition.as_str()],
        vec!["validate", huge.as_str()],
        vec!["graph", huge.as_str()],
    ] {
        let (code, _, stderr) = asl(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(&expected), "{args:?}: {stderr}");
    }
    let _ = std::fs::remove_file(path);
}

/// `asl run` refuses a definition over 1 MB with validate's diagnostic.
#[test]
fn run_refuses_definitions_over_1_mb() {
    let padding = " ".repeat(1_048_577);
    let definition = temp_file("padded.json", &format!("{PASS}{padding}"));
    let input = temp_file("input.json", "{}");
    let (code, _, stderr) = asl(&["run", &definition, "--input", &input]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("[DEFINITION_TOO_LARGE]: the definition is 1048641 bytes; Step Functions accepts at most 1,048,576 bytes (1 MB)."),
        "{stderr}"
    );
}

/// Input and mock files nested 10,000 deep: a clear error naming the 128-level limit.
#[test]
fn deep_input_and_mock_files_name_the_nesting_limit() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep = temp_file("deep.json", &deep);
    let definition = temp_file("pass2.json", PASS);
    let input = temp_file("input2.json", "{}");
    let (code, _, stderr) = asl(&["run", &definition, "--input", &deep]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error [INVALID_JSON]: the input is not valid JSON: recursion limit exceeded at line 1 column 128 (JSON may nest at most 128 levels of arrays and objects)"),
        "{stderr}"
    );
    let (code, _, stderr) = asl(&["run", &definition, "--input", &input, "--mocks", &deep]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("[MOCKS_INVALID_JSON]")
            && stderr
                .contains("the mock file is not valid JSON: nesting is deeper than 128 levels"),
        "{stderr}"
    );
}

/// An input over 256 KiB fails the execution as AWS does.
#[test]
fn input_over_256_kib_fails_the_execution() {
    let definition = temp_file("pass3.json", PASS);
    let input = temp_file(
        "big.json",
        &format!(r#"{{"a": "{}"}}"#, "x".repeat(262_144)),
    );
    let (code, stdout, _) = asl(&["run", &definition, "--input", &input]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.trim(),
        r#"{"status":"FAILED","error":"States.DataLimitExceeded","cause":"The execution input exceeds the maximum number of bytes service limit."}"#
    );
}
