//! Payload templates (Parameters, ResultSelector, ItemSelector): examples from the AWS
//! "InputPath, Parameters and ResultSelector" page plus error and edge cases.

use std::collections::HashMap;

use asl_core::paths::Scope;
use asl_core::template::{evaluate_template, Template};
use asl_core::Doc;
use serde_json::{json, Value};

enum Expect {
    Value(Value),
    /// Error name and exact cause.
    Error(&'static str, &'static str),
    /// The template does not compile; JSON Pointer of the culprit.
    Invalid(&'static str),
}
use Expect::*;

fn context() -> Value {
    json!({"Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:sm:run", "Name": "run"},
           "State": {"Name": "Pass", "RetryCount": 0}})
}

fn check(template: Value, input: Value, expect: Expect) {
    let mut vars: HashMap<String, Doc> = HashMap::new();
    vars.insert("limit".into(), Doc::from(5i64));
    let (input, context) = (Doc::from(&input), Doc::from(&context()));
    let mut random = || 4u64;
    match expect {
        Invalid(pointer) => {
            let error = Template::compile(&template).expect_err("must not compile");
            assert_eq!(error.pointer, pointer, "{template}: {}", error.message);
        }
        Value(expected) => {
            let got = evaluate_template(&template, &input, &context, &vars, &mut random)
                .unwrap_or_else(|e| panic!("{template}: {e}"));
            assert_eq!(got, expected, "{template}");
        }
        Error(name, cause) => {
            let error = evaluate_template(&template, &input, &context, &vars, &mut random)
                .expect_err("must fail");
            assert_eq!(error.error, name, "{template}");
            assert_eq!(error.cause.as_deref(), Some(cause), "{template}");
        }
    }
}

#[test]
fn documented_parameters_and_result_selector() {
    let input = json!({
        "flagged": 7,
        "vals": [0, 10, 20, 30, 40, 50]
    });
    // Parameters page: static values, paths, nested objects and the context object.
    check(
        json!({
            "comment": "Selecting what I care about.",
            "MyDetails": {
                "size.$": "$.flagged",
                "exists.$": "$.vals[0]",
                "StaticValue": "foo"
            },
            "execution.$": "$$.Execution.Id"
        }),
        input.clone(),
        Value(json!({
            "comment": "Selecting what I care about.",
            "MyDetails": {"size": 7, "exists": 0, "StaticValue": "foo"},
            "execution": "arn:aws:states:us-east-1:123456789012:execution:sm:run"
        })),
    );
    // ResultSelector page: picking fields out of an EMR-like result.
    let result = json!({
        "resourceType": "elasticmapreduce",
        "resource": "createCluster.sync",
        "output": {
            "SdkHttpMetadata": {"HttpStatusCode": 200},
            "SdkResponseMetadata": {"RequestId": "1234-5678-9012"},
            "ClusterId": "AKIAIOSFODNN7EXAMPLE"
        }
    });
    check(
        json!({"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"}),
        result,
        Value(json!({"ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce"})),
    );
    // A Map ItemSelector combining the context object with the item.
    check(
        json!({"ContextIndex.$": "$$.State.Name", "ContextValue.$": "$"}),
        json!({"who": "bob"}),
        Value(json!({"ContextIndex": "Pass", "ContextValue": {"who": "bob"}})),
    );
}

#[test]
fn dynamic_values() {
    let input = json!({"a": 1, "list": [{"x": 1}, {"x": 2}], "s": "a,b"});
    let cases: Vec<(Value, Expect)> = vec![
        (json!({"v.$": "$.a"}), Value(json!({"v": 1}))),
        (json!({"v.$": "$.list[*].x"}), Value(json!({"v": [1, 2]}))),
        (json!({"v.$": "$.missing[*]"}), Value(json!({"v": []}))),
        (json!({"v.$": "$limit"}), Value(json!({"v": 5}))),
        (
            json!({"v.$": "States.StringSplit($.s, ',')"}),
            Value(json!({"v": ["a", "b"]})),
        ),
        (
            json!({"v.$": "States.MathRandom(0, 10)"}),
            Value(json!({"v": 4})),
        ),
        (
            json!({"arr": [{"in.$": "$.a"}, 2, "lit"]}),
            Value(json!({"arr": [{"in": 1}, 2, "lit"]})),
        ),
        (
            json!({"nested": {"deeper": {"v.$": "$.a"}}}),
            Value(json!({"nested": {"deeper": {"v": 1}}})),
        ),
        (
            json!({"literal": "$.a", "n": null}),
            Value(json!({"literal": "$.a", "n": null})),
        ),
        (json!("plain"), Value(json!("plain"))),
        (json!({}), Value(json!({}))),
        (json!({".$": "$.a"}), Value(json!({"": 1}))),
    ];
    for (template, expect) in cases {
        check(template, input.clone(), expect);
    }
}

#[test]
fn errors_carry_aws_causes() {
    let input = json!({"flagged": false});
    let cases: Vec<(Value, Expect)> = vec![
        (
            json!({"address.$": "$.application.address"}),
            Error("States.Runtime", "The JSONPath '$.application.address' specified for the field 'address.$' could not be found in the input '{\"flagged\":false}'"),
        ),
        (
            json!({"outer": {"x.$": "$.nope"}}),
            Error("States.Runtime", "The JSONPath '$.nope' specified for the field 'x.$' could not be found in the input '{\"flagged\":false}'"),
        ),
        (
            json!({"v.$": "States.Format('{}', $.nope)"}),
            Error("States.Runtime", "The JSONPath '$.nope' specified for the field 'v.$' could not be found in the input '{\"flagged\":false}'"),
        ),
        (
            json!({"v.$": "States.ArrayGetItem(States.Array(1), 3)"}),
            Error("States.IntrinsicFailure", "Invalid arguments in States.ArrayGetItem: index 3 is out of bounds for an array of length 1"),
        ),
        (json!({"v.$": 12}), Invalid("/v.$")),
    ];
    for (template, expect) in cases {
        check(template, input.clone(), expect);
    }
    // A null state input cannot be read with `$` paths (the context object still can).
    let cases: Vec<(Value, Expect)> = vec![
        (
            json!({"Input.$": "$"}),
            Error(
                "States.Runtime",
                "Unable to apply Path transformation to null or empty input.",
            ),
        ),
        (
            json!({"name.$": "$$.Execution.Name"}),
            Value(json!({"name": "run"})),
        ),
        (json!({"fixed": 1}), Value(json!({"fixed": 1}))),
    ];
    for (template, expect) in cases {
        check(template, Value::Null, expect);
    }
    let cases: Vec<(Value, Expect)> = vec![
        (json!({"a": [{"b.$": "nope"}]}), Invalid("/a/0/b.$")),
        (
            json!({"a/b": {"c.$": "States.Nope()"}}),
            Invalid("/a~1b/c.$"),
        ),
    ];
    for (template, expect) in cases {
        check(template, input.clone(), expect);
    }
}

#[test]
fn compiled_templates_are_reusable() {
    let template = Template::compile(&json!({"id.$": "$.id", "fixed": [1, 2]})).expect("compiles");
    assert!(!template.is_literal());
    assert!(Template::compile(&json!({"fixed": [1, {"a": 2}]}))
        .expect("compiles")
        .is_literal());
    let context = Doc::Null;
    for id in 0..3 {
        let input = Doc::from(json!({ "id": id }));
        let out = template
            .evaluate(&Scope::new(&input, &context, &()), &mut || 0)
            .expect("evaluates");
        assert_eq!(out, json!({"id": id, "fixed": [1, 2]}));
    }
}
