//! Definitions from YAML, CloudFormation/SAM, CDK and Serverless Framework files
//! (`tests/templates/`, written for these tests): what each resolves to, and where
//! diagnostics land in the original file.

use asl_core::source::{open, Format, Origin, ResolveOptions, Resolved};
use asl_core::{validate, LineIndex};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/templates/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fetch(path: &str) -> Result<String, String> {
    Ok(fixture(path))
}

fn resolve(name: &str, pick: Option<&str>, options: &ResolveOptions) -> Resolved {
    let text = fixture(name);
    let source = open(&text, name).expect("parses");
    source
        .resolve(pick, options, &mut fetch)
        .unwrap_or_else(|e| panic!("{name} {pick:?}: {e:#?}"))
}

fn at(r: &Resolved, pointer: &str) -> serde_json::Value {
    r.definition
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in {}", r.text))
        .to_value()
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let p = LineIndex::new(text).position(text, offset);
    (p.line, p.column)
}

#[test]
fn yaml_definition_diagnostics_point_at_yaml_lines() {
    let text = fixture("machine.asl.yaml");
    let source = open(&text, "machine.asl.yaml").expect("parses");
    assert_eq!(source.format(), Format::AslYaml);
    let r = source
        .resolve(None, &ResolveOptions::default(), &mut fetch)
        .expect("resolves");
    assert_eq!(
        at(&r, "/States/First/Result"),
        serde_json::json!({"ok": true, "count": 16, "ratio": 150.0, "none": null, "quoted": "true"})
    );
    let report = validate::validate(&r.text);
    let diagnostics = r.remap(report.diagnostics);
    let missing = diagnostics
        .iter()
        .find(|d| d.code == "MISSING_TRANSITION_TARGET")
        .expect("Next: Missing is reported");
    // `Next: Missing` is on line 8, the value at column 11.
    assert_eq!(line_col(&text, missing.span.start), (8, 11));
    assert_eq!(&text[missing.span.clone()], "Missing");
    let unreachable = diagnostics
        .iter()
        .find(|d| d.pointer == "/States/Second")
        .expect("Second is unreachable");
    assert_eq!(line_col(&text, unreachable.span.start).0, 9);
}

#[test]
fn yaml_syntax_errors_have_positions() {
    let err = open("StartAt: A\nStates:\n  A: [unclosed\n", "x.yaml").expect_err("fails");
    assert_eq!(err.code, "INVALID_YAML");
    assert!(err.span.start > 20, "{err:?}");
    let laughs = "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
    let err = open(laughs, "x.yaml").expect_err("fails");
    assert!(err.message.contains("aliases"), "{err:?}");
}

#[test]
fn sam_template_inline_definition_with_short_tags() {
    let text = fixture("sam.yaml");
    let source = open(&text, "sam.yaml").expect("parses");
    assert_eq!(source.format(), Format::CloudFormation);
    let names: Vec<_> = source
        .machines()
        .iter()
        .map(|m| (m.logical_id.as_str(), m.resource_type.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("OrderMachine", "AWS::Serverless::StateMachine"),
            ("RefundMachine", "AWS::Serverless::StateMachine")
        ]
    );
    let err = source
        .resolve(None, &ResolveOptions::default(), &mut fetch)
        .expect_err("fails");
    assert_eq!(err[0].code, "SEVERAL_STATE_MACHINES");
    assert!(err[0].message.contains("OrderMachine, RefundMachine"));
    let err = source
        .resolve(Some("Nope"), &ResolveOptions::default(), &mut fetch)
        .expect_err("fails");
    assert!(err[0]
        .message
        .contains("it declares: OrderMachine, RefundMachine"));

    let r = resolve("sam.yaml", Some("OrderMachine"), &ResolveOptions::default());
    assert_eq!(at(&r, "/Comment"), "Orders in us-east-1 (dev)");
    assert_eq!(
        at(&r, "/States/Charge/Resource"),
        "arn:aws:lambda:us-east-1:123456789012:function:charge-dev"
    );
    assert_eq!(at(&r, "/States/Charge/Retry/0/MaxAttempts"), 2);
    assert_eq!(at(&r, "/States/Save/Parameters/TableName"), "orders");
    assert_eq!(
        at(&r, "/States/Notify/Parameters/QueueUrl"),
        "https://sqs.us-east-1.amazonaws.com/123456789012/OrderQueue"
    );
    assert!(validate::validate(&r.text).is_valid(), "{}", r.text);
    // The resolved Resource keeps the position of `!GetAtt ChargeFunction.Arn`.
    let span = r
        .definition
        .pointer("/States/Charge/Resource")
        .expect("present")
        .span
        .clone();
    assert!(text[span].starts_with("!GetAtt ChargeFunction.Arn"));

    // --parameter overrides parameters and pseudo parameters; the condition follows.
    let options = ResolveOptions {
        substitutions: vec![("TableName".into(), "override-table".into())],
        parameters: vec![
            ("Stage".into(), "prod".into()),
            ("AWS::Region".into(), "eu-west-1".into()),
        ],
    };
    let r = resolve("sam.yaml", Some("OrderMachine"), &options);
    assert_eq!(at(&r, "/Comment"), "Orders in eu-west-1 (prod)");
    assert_eq!(at(&r, "/States/Charge/Retry/0/MaxAttempts"), 5);
    assert_eq!(
        at(&r, "/States/Save/Parameters/TableName"),
        "override-table"
    );
    assert_eq!(
        at(&r, "/States/Charge/Resource"),
        "arn:aws:lambda:eu-west-1:123456789012:function:charge-prod"
    );
}

#[test]
fn sam_definition_uri_is_fetched_and_substituted() {
    let r = resolve(
        "sam.yaml",
        Some("RefundMachine"),
        &ResolveOptions::default(),
    );
    let Origin::File { path, text } = &r.origin else {
        panic!("{:?}", r.origin)
    };
    assert_eq!(path, "refund.asl.yaml");
    assert_eq!(at(&r, "/Comment"), "Refunds an order in us-east-1");
    assert_eq!(
        at(&r, "/States/Refund/Resource"),
        "arn:aws:lambda:us-east-1:123456789012:function:charge-dev"
    );
    // Spans point into the fetched file.
    let span = r
        .definition
        .pointer("/States/Refund/Type")
        .expect("present")
        .span
        .clone();
    assert_eq!(&text[span], "Task");
}

#[test]
fn cloudformation_json_definition_strings() {
    let text = fixture("cfn.json");
    let source = open(&text, "cfn.json").expect("parses");
    assert_eq!(source.format(), Format::CloudFormation);
    assert_eq!(source.machines().len(), 2);
    let r = resolve("cfn.json", Some("Pipeline"), &ResolveOptions::default());
    assert_eq!(
        at(&r, "/Comment"),
        "testing in 123456789012 substituted-aws"
    );
    assert_eq!(
        at(&r, "/States/Work/Resource"),
        "arn:aws:lambda:us-east-1:123456789012:function:worker"
    );
    assert_eq!(at(&r, "/States/Work/TimeoutSeconds"), 30);
    assert_eq!(
        at(&r, "/States/Publish/Parameters/TopicArn"),
        "arn:aws:sns:us-east-1:123456789012:Topic"
    );
    let options = ResolveOptions {
        parameters: vec![("Env".into(), "prod".into())],
        ..Default::default()
    };
    let r = resolve("cfn.json", Some("Pipeline"), &options);
    assert_eq!(
        at(&r, "/Comment"),
        "production in 123456789012 substituted-aws"
    );
    assert_eq!(at(&r, "/States/Work/TimeoutSeconds"), 300);

    let r = resolve("cfn.json", Some("Joined"), &ResolveOptions::default());
    assert_eq!(
        at(&r, "/States/Pick/Result"),
        "b-left-us-east-1a+us-east-1b+us-east-1c"
    );
    // A problem in a DefinitionString points at the DefinitionString.
    let report = validate::validate(&r.text.replace("\"End\": true", "\"Next\": \"Gone\""));
    assert!(!report.is_valid());
}

#[test]
fn cdk_template() {
    let text = fixture("cdk.template.json");
    let source = open(&text, "cdk.template.json").expect("parses");
    let ids: Vec<_> = source
        .machines()
        .iter()
        .map(|m| m.logical_id.clone())
        .collect();
    assert_eq!(ids, ["StateMachine2E01A3A5", "Poller9F3A1D2B"]);
    let r = resolve(
        "cdk.template.json",
        Some("StateMachine2E01A3A5"),
        &ResolveOptions::default(),
    );
    assert_eq!(
        at(&r, "/States/Invoke/Resource"),
        "arn:aws:states:::lambda:invoke"
    );
    assert_eq!(
        at(&r, "/States/Invoke/Parameters/FunctionName"),
        "arn:aws:lambda:us-east-1:123456789012:function:Handler886CB40B"
    );
    assert_eq!(
        at(&r, "/States/Send/Parameters/QueueUrl"),
        "https://sqs.us-east-1.amazonaws.com/123456789012/Queue4A7E3555"
    );
    let r = resolve(
        "cdk.template.json",
        Some("Poller9F3A1D2B"),
        &ResolveOptions::default(),
    );
    assert_eq!(at(&r, "/States/Done/Comment"), "prod");
    assert!(validate::validate(&r.text).is_valid());
}

#[test]
fn serverless_framework() {
    let text = fixture("serverless.yml");
    let source = open(&text, "serverless.yml").expect("parses");
    assert_eq!(source.format(), Format::Serverless);
    let ids: Vec<_> = source
        .machines()
        .iter()
        .map(|m| m.logical_id.clone())
        .collect();
    assert_eq!(ids, ["greet", "store"]);
    let r = resolve("serverless.yml", Some("greet"), &ResolveOptions::default());
    assert_eq!(at(&r, "/Comment"), "Greets in eu-west-1");
    assert_eq!(
        at(&r, "/States/Hello/Resource"),
        "arn:aws:lambda:eu-west-1:123456789012:function:orders-dev-hello"
    );
    assert_eq!(
        at(&r, "/States/Mail/Resource"),
        "arn:aws:lambda:eu-west-1:123456789012:function:orders-dev-send-mail"
    );
    let options = ResolveOptions {
        parameters: vec![("opt:stage".into(), "prod".into())],
        ..Default::default()
    };
    let r = resolve("serverless.yml", Some("store"), &options);
    assert_eq!(at(&r, "/States/Put/Parameters/TableName"), "orders-prod");
    assert!(validate::validate(&r.text).is_valid(), "{}", r.text);
}

#[test]
fn unresolvable_expressions_are_reported_where_they_are() {
    let text = "Resources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: A\n        States:\n          A:\n            Type: Task\n            Resource: !GetAtt Missing.Arn\n            Parameters:\n              Q: ${Nowhere}\n              R: !ImportValue shared-queue\n            End: true\n";
    let source = open(text, "t.yaml").expect("parses");
    let errors = source
        .resolve(None, &ResolveOptions::default(), &mut fetch)
        .expect_err("fails");
    let found: Vec<_> = errors
        .iter()
        .map(|d| (d.code, line_col(text, d.span.start).0))
        .collect();
    assert_eq!(
        found,
        [
            ("UNRESOLVED_EXPRESSION", 10),
            ("UNRESOLVED_EXPRESSION", 13),
            ("UNRESOLVED_SUBSTITUTION", 12)
        ],
        "{errors:#?}"
    );
    assert!(errors[2].message.contains("--substitution Nowhere=VALUE"));
    // Overrides make the same template resolve.
    let options = ResolveOptions {
        substitutions: vec![("Nowhere".into(), "here".into())],
        parameters: vec![
            (
                "Missing.Arn".into(),
                "arn:aws:lambda:us-east-1:1:function:x".into(),
            ),
            ("shared-queue".into(), "https://queue".into()),
        ],
    };
    let r = source
        .resolve(None, &options, &mut fetch)
        .expect("resolves");
    assert_eq!(at(&r, "/States/A/Parameters/Q"), "here");
    assert_eq!(at(&r, "/States/A/Parameters/R"), "https://queue");
}

#[test]
fn template_diagnostics_point_into_the_template() {
    let text = fixture("sam.yaml").replace("Next: Save", "Next: Saev");
    let source = open(&text, "sam.yaml").expect("parses");
    let r = source
        .resolve(Some("OrderMachine"), &ResolveOptions::default(), &mut fetch)
        .expect("resolves");
    let diagnostics = r.remap(validate::validate(&r.text).diagnostics);
    let d = diagnostics
        .iter()
        .find(|d| d.code == "MISSING_TRANSITION_TARGET")
        .expect("reported");
    assert_eq!(&text[d.span.clone()], "Saev");
    assert_eq!(line_col(&text, d.span.start), (38, 19));
}

#[test]
fn bare_asl_json_passes_through() {
    let text =
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Comment": "${X}", "End": true}}}"#;
    let source = open(text, "a.json").expect("parses");
    assert_eq!(source.format(), Format::AslJson);
    let r = source
        .resolve(None, &ResolveOptions::default(), &mut fetch)
        .expect("ok");
    assert_eq!(at(&r, "/States/A/Comment"), "${X}");
    let options = ResolveOptions {
        substitutions: vec![("X".into(), "y".into())],
        ..Default::default()
    };
    let r = source.resolve(None, &options, &mut fetch).expect("ok");
    assert_eq!(at(&r, "/States/A/Comment"), "y");
}

#[test]
fn a_definition_string_in_a_yaml_block_maps_to_its_lines() {
    let text = fixture("cfn-literal.yaml");
    let source = open(&text, "cfn-literal.yaml").expect("parses");
    let r = source
        .resolve(None, &ResolveOptions::default(), &mut fetch)
        .expect("resolves");
    assert_eq!(
        at(&r, "/States/Work/Resource"),
        "arn:aws:lambda:us-east-1:123456789012:function:Worker"
    );
    let diagnostics = r.remap(validate::validate(&r.text).diagnostics);
    let d = diagnostics
        .iter()
        .find(|d| d.code == "MISSING_TRANSITION_TARGET")
        .expect("Next: Gone is reported");
    assert_eq!(line_col(&text, d.span.start), (16, 23));
    assert_eq!(&text[d.span.clone()], "\"Gone\"");
}

#[test]
fn yaml_merge_keys_and_anchors() {
    let text = "defaults: &retry\n  Retry: [{ErrorEquals: [States.ALL], MaxAttempts: 3}]\n  Type: Task\nStartAt: A\nStates:\n  A:\n    <<: *retry\n    Resource: arn:aws:states:::lambda:invoke\n    Type: Task\n    End: true\n";
    let source = open(text, "m.yaml").expect("parses");
    let r = source
        .resolve(None, &ResolveOptions::default(), &mut fetch)
        .expect("resolves");
    assert_eq!(at(&r, "/States/A/Retry/0/MaxAttempts"), 3);
    assert_eq!(at(&r, "/States/A/Type"), "Task");
    assert!(r.definition.pointer("/States/A/<<").is_none());
}
