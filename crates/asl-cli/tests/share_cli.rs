//! `asl share` end to end: the printed link decodes (with the core's decoder, which the page
//! also uses) to exactly the files given, and bad arguments give clear errors.

use std::path::{Path, PathBuf};
use std::process::Command;

use asl_core::share::{decode, TestCaseRef};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn asl(args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("runs asl");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).expect("reads file")
}

fn temp_file(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("asl-share-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("writes");
    path.to_string_lossy().into_owned()
}

const DEFINITION: &str = "examples/error-handling/definition.asl.json";
const INPUT: &str = "examples/error-handling/input.json";
const MOCKS: &str = "examples/error-handling/mocks.json";

#[test]
fn link_carries_the_files_byte_for_byte() {
    let out = asl(&[
        "share",
        DEFINITION,
        "--input",
        INPUT,
        "--mocks",
        MOCKS,
        "--test-case",
        "RetryThenSucceed",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let link = out.stdout.trim();
    let (page, fragment) = link.split_once('#').expect("has a fragment");
    assert_eq!(page, "http://127.0.0.1:8080/");
    let state = decode(fragment).expect("decodes");
    assert_eq!(state.definition, read(DEFINITION));
    assert_eq!(state.input, read(INPUT));
    assert_eq!(state.mocks.as_deref(), Some(read(MOCKS).as_str()));
    assert_eq!(
        state.test_case,
        Some(TestCaseRef {
            state_machine: Some("error-handling".into()),
            test_case: "RetryThenSucceed".into()
        })
    );
}

#[test]
fn defaults_base_and_embed() {
    let out = asl(&["share", "www/examples/default.asl.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let link = out.stdout.trim();
    assert!(link.starts_with("http://127.0.0.1:8080/#v1="), "{link}");
    let state = decode(link.split_once('#').expect("fragment").1).expect("decodes");
    assert_eq!(state.definition, read("www/examples/default.asl.json"));
    assert_eq!(state.input, "{}");
    assert_eq!((state.mocks, state.test_case), (None, None));
    // The default example's link stays well under the ~2 000 characters some tools truncate at.
    assert!(
        link.len() < 2000,
        "default example link is {} chars",
        link.len()
    );

    let out = asl(&[
        "share",
        DEFINITION,
        "--embed",
        "--base",
        "https://docs.example/play/",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("https://docs.example/play/embed.html#v1="),
        "{}",
        out.stdout
    );
}

#[test]
fn invalid_definitions_are_shared_with_a_warning() {
    let draft = temp_file("draft.json", "{\"StartAt\": \"Nowhere\", \"States\": {}}");
    let out = asl(&["share", &draft]);
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("warning"), "{}", out.stderr);
    let state = decode(out.stdout.trim().split_once('#').expect("fragment").1).expect("decodes");
    assert!(state.definition.contains("Nowhere"));
}

#[test]
fn usage_and_input_errors_exit_2() {
    let no_case = temp_file(
        "mocks.json",
        r#"{"StateMachines":{"m":{"TestCases":{"A":{}}}},"MockedResponses":{}}"#,
    );
    let cases: &[(&[&str], &str)] = &[
        (&["share"], "missing DEFINITION"),
        (
            &["share", "does-not-exist.json"],
            "cannot read does-not-exist.json",
        ),
        (
            &["share", DEFINITION, "--test-case", "X"],
            "--test-case needs --mocks",
        ),
        (
            &["share", DEFINITION, "--mocks", &no_case, "--test-case", "B"],
            "no test case named `B`",
        ),
        (
            &[
                "share",
                DEFINITION,
                "--mocks",
                DEFINITION,
                "--test-case",
                "B",
            ],
            "not a usable mock file",
        ),
        (&["share", DEFINITION, "--bogus"], "--bogus"),
    ];
    for (args, message) in cases {
        let out = asl(args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(message), "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
    }
    let help = asl(&["share", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--embed"));
}

#[test]
fn seed_and_start_time_go_into_the_options() {
    // (flags, the link's options); only what was given travels, so defaults stay defaults.
    let cases: &[(&[&str], Option<serde_json::Value>)] = &[
        (&[], None),
        (&["--seed", "7"], Some(serde_json::json!({"seed": 7}))),
        (
            &["--start-time", "2030-01-01T00:00:00Z"],
            Some(serde_json::json!({"startTime": "2030-01-01T00:00:00Z"})),
        ),
        (
            &[
                "--seed",
                "9007199254740991",
                "--start-time",
                "2030-05-01T12:00:00.250+02:00",
            ],
            Some(
                serde_json::json!({"seed": 9007199254740991u64, "startTime": "2030-05-01T12:00:00.250+02:00"}),
            ),
        ),
    ];
    for (flags, expected) in cases {
        let mut args = vec!["share", DEFINITION];
        args.extend_from_slice(flags);
        let out = asl(&args);
        assert_eq!(out.code, 0, "{flags:?}: {}", out.stderr);
        let state =
            decode(out.stdout.trim().split_once('#').expect("fragment").1).expect("decodes");
        let options = state.options.map(serde_json::Value::Object);
        assert_eq!(&options, expected, "{flags:?}");
    }
}

#[test]
fn bad_seed_and_start_time_are_worded_as_asl_run_words_them() {
    let cases: &[(&str, &str, &str)] = &[
        ("--seed", "abc", "--seed needs a non-negative integer, got 'abc'"),
        ("--seed", "-1", "--seed needs a non-negative integer, got '-1'"),
        (
            "--start-time",
            "2030-01-01 00:00:00",
            "--start-time needs an RFC 3339 time such as 2024-01-01T00:00:00Z, got '2030-01-01 00:00:00'",
        ),
        (
            "--seed",
            "9007199254740992",
            "--seed 9007199254740992 is too large for a link",
        ),
    ];
    for (flag, value, message) in cases {
        let out = asl(&["share", DEFINITION, &format!("{flag}={value}")]);
        assert_eq!(out.code, 2, "{flag} {value}: {}", out.stderr);
        assert!(
            out.stderr.contains(message),
            "{flag} {value}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{}", out.stdout);
        // `asl run` says the same about the same value (it takes larger seeds).
        if !message.contains("too large") {
            let run = asl(&[
                "run",
                DEFINITION,
                "--input",
                INPUT,
                &format!("{flag}={value}"),
            ]);
            assert_eq!(run.code, 2, "{}", run.stderr);
            assert!(run.stderr.contains(message), "asl run: {}", run.stderr);
        }
    }
}
