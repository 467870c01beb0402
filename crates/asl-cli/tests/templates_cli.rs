//! The `asl` binary on YAML definitions and templates (`asl-core/tests/templates/`):
//! positions in the original file, `--state-machine-resource`, `--substitution`,
//! `--parameter`, a SAM `DefinitionUri`, and `asl extract`.

use std::path::PathBuf;

use serde_json::{json, Value};

mod common;
use common::asl;

fn template(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../asl-core/tests/templates")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-templates-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path.to_string_lossy().into_owned()
}

#[test]
fn validate_yaml_reports_yaml_positions() {
    let out = asl(&[
        "validate",
        &template("machine.asl.yaml"),
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let diagnostics: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let first = &diagnostics[0];
    assert_eq!(first["code"], "MISSING_TRANSITION_TARGET");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(8), Some(11))
    );
}

#[test]
fn several_machines_need_a_pick_and_the_error_lists_them() {
    for (file, names) in [
        ("sam.yaml", "OrderMachine, RefundMachine"),
        ("cfn.json", "Pipeline, Joined"),
        ("cdk.template.json", "StateMachine2E01A3A5, Poller9F3A1D2B"),
        ("serverless.yml", "greet, store"),
    ] {
        let out = asl(&["validate", &template(file)]);
        assert_eq!(out.code, 1, "{file}");
        assert!(
            out.stdout.contains("SEVERAL_STATE_MACHINES"),
            "{file}: {}",
            out.stdout
        );
        assert!(out.stdout.contains(names), "{file}: {}", out.stdout);
        let out = asl(&["run", &template(file), "--input", "-"]);
        assert_eq!(out.code, 2, "{file}");
        assert!(out.stderr.contains(names), "{file}: {}", out.stderr);
    }
}

#[test]
fn every_machine_of_every_template_validates_and_runs() {
    let dir = temp_dir("run");
    let input = write(&dir, "input.json", r#"{"orderId": "o-1", "id": "7"}"#);
    for (file, machine) in [
        ("sam.yaml", "OrderMachine"),
        ("sam.yaml", "RefundMachine"),
        ("cfn.json", "Pipeline"),
        ("cfn.json", "Joined"),
        ("cdk.template.json", "StateMachine2E01A3A5"),
        ("cdk.template.json", "Poller9F3A1D2B"),
        ("serverless.yml", "greet"),
        ("serverless.yml", "store"),
    ] {
        let pick = ["--state-machine-resource", machine];
        let out = asl(&[&["validate", &template(file)][..], &pick].concat());
        assert_eq!(out.code, 0, "{file} {machine}: {}", out.stdout);
        let out = asl(&[&["run", &template(file), "--input", &input][..], &pick].concat());
        assert_eq!(
            out.code, 0,
            "{file} {machine}: {}{}",
            out.stdout, out.stderr
        );
        let result: Value = serde_json::from_str(&out.stdout).expect("JSON");
        assert_eq!(result["status"], "SUCCEEDED");
        let out = asl(&[&["graph", &template(file)][..], &pick].concat());
        assert_eq!(out.code, 0, "{file} {machine}");
        assert!(out.stdout.starts_with("flowchart"));
    }
}

#[test]
fn run_shows_template_values_and_overrides() {
    let dir = temp_dir("overrides");
    let input = write(&dir, "input.json", r#"{"orderId": "o-1"}"#);
    let base = [
        "run",
        &template("sam.yaml"),
        "--input",
        &input,
        "--state-machine-resource",
        "OrderMachine",
        "--history",
    ];
    let out = asl(&base);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let result: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(
        result["output"]["QueueUrl"],
        "https://sqs.us-east-1.amazonaws.com/123456789012/OrderQueue"
    );
    assert_eq!(result["output"]["MessageBody"]["TableName"], "orders");
    let mut with = base.to_vec();
    with.extend([
        "--substitution",
        "TableName=other",
        "--parameter",
        "OrderQueue=https://example.test/q",
    ]);
    let out = asl(&with);
    let result: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(result["output"]["QueueUrl"], "https://example.test/q");
    assert_eq!(result["output"]["MessageBody"]["TableName"], "other");
    let out = asl(&[&base[..], &["--substitution", "nonsense"]].concat());
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("NAME=VALUE"), "{}", out.stderr);
}

#[test]
fn problems_point_into_the_template_or_the_definition_uri_file() {
    let dir = temp_dir("problems");
    let sam = std::fs::read_to_string(template("sam.yaml")).expect("fixture");
    let bad = write(&dir, "sam.yaml", &sam.replace("Next: Save", "Next: Saev"));
    write(
        &dir,
        "refund.asl.yaml",
        "StartAt: Refund\nStates:\n  Refund:\n    Type: Task\n    Resource: ${ChargeFunctionArn}\n    Next: Nowhere\n",
    );
    let out = asl(&["validate", &bad, "--state-machine-resource", "OrderMachine"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("sam.yaml:38:19"), "{}", out.stdout);
    let out = asl(&[
        "validate",
        &bad,
        "--state-machine-resource",
        "RefundMachine",
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("refund.asl.yaml:6:11"),
        "{}",
        out.stdout
    );

    let unresolved = write(
        &dir,
        "unresolved.yaml",
        "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A: {Type: Task, Resource: !GetAtt Nope.Arn, End: true}\n",
    );
    let out = asl(&["validate", &unresolved]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("UNRESOLVED_EXPRESSION"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("unresolved.yaml:8:37"),
        "{}",
        out.stdout
    );
}

#[test]
fn extract_writes_every_machine() {
    for (file, ids) in [
        ("sam.yaml", ["OrderMachine", "RefundMachine"]),
        ("cfn.json", ["Pipeline", "Joined"]),
        (
            "cdk.template.json",
            ["StateMachine2E01A3A5", "Poller9F3A1D2B"],
        ),
        ("serverless.yml", ["greet", "store"]),
    ] {
        let dir = temp_dir(&format!("extract-{file}"));
        let out = asl(&["extract", &template(file), "--out", &dir.to_string_lossy()]);
        assert_eq!(out.code, 0, "{file}: {}", out.stderr);
        assert!(out.stdout.starts_with("LOGICAL ID"), "{}", out.stdout);
        for id in ids {
            let row = out
                .stdout
                .lines()
                .find(|l| l.starts_with(id))
                .unwrap_or_else(|| panic!("{file}: no row for {id}: {}", out.stdout));
            let states: usize = row
                .split_whitespace()
                .nth(2)
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            assert!(states >= 1, "{row}");
            let text = std::fs::read_to_string(dir.join(format!("{id}.asl.json")))
                .unwrap_or_else(|e| panic!("{file} {id}: {e}"));
            let definition: Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(
                definition["States"].as_object().map(|s| s.len() <= states),
                Some(true)
            );
            assert!(
                !text.contains("${"),
                "{file} {id} left a placeholder: {text}"
            );
        }
    }
    let out = asl(&["extract", &template("machine.asl.yaml")]);
    assert_eq!(out.code, 2);
}

#[test]
fn graph_nodes_carry_their_template_lines() {
    let out = asl(&[
        "graph",
        &template("sam.yaml"),
        "--state-machine-resource",
        "OrderMachine",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let graph: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let line_of = |state: &str| {
        graph["nodes"]
            .as_array()
            .and_then(|n| n.iter().find(|n| n["state"] == state))
            .map(|n| (n["line"].clone(), n["column"].clone()))
    };
    assert_eq!(line_of("Charge"), Some((json!(32), json!(11))));
    assert_eq!(line_of("Notify"), Some((json!(48), json!(11))));
}
