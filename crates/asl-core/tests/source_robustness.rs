//! Hostile YAML and templates end with a diagnostic, never a panic, a hang or unbounded
//! memory: alias bombs (values and bytes), deep nesting (directly and through aliases),
//! self-referring conditions and Serverless variables, and thousands of random mutations of
//! the test templates.

use asl_core::source::{open, ResolveOptions};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/templates/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Opens and resolves every state machine; returns how many resolved.
fn exercise(text: &str) -> usize {
    let Ok(source) = open(text, "fuzz.yaml") else {
        return 0;
    };
    let mut fetch = |_: &str| -> Result<String, String> {
        Ok("StartAt: A\nStates: {A: {Type: Succeed}}".into())
    };
    let mut picks: Vec<Option<String>> = source
        .machines()
        .iter()
        .map(|m| Some(m.logical_id.clone()))
        .collect();
    picks.push(None);
    let mut ok = 0;
    for pick in picks {
        if let Ok(r) = source.resolve(pick.as_deref(), &ResolveOptions::default(), &mut fetch) {
            // Remapping any offset of the generated text stays inside the original text.
            let report = asl_core::validate::validate(&r.text);
            for d in r.remap(report.diagnostics) {
                let len = match &r.origin {
                    asl_core::source::Origin::Source => text.len(),
                    asl_core::source::Origin::File { text, .. } => text.len(),
                };
                assert!(d.span.start <= len && d.span.end <= len, "{d:?}");
            }
            ok += 1;
        }
    }
    ok
}

#[test]
fn alias_bombs_are_refused() {
    let values = "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
    assert_eq!(
        open(values, "x.yaml").expect_err("refused").code,
        "INVALID_YAML"
    );
    let big = "x".repeat(1 << 20);
    let bytes = format!("s: &s {big}\nl: &l [*s,*s,*s,*s,*s,*s,*s,*s]\nm: &m [*l,*l,*l,*l,*l,*l,*l,*l]\nn: [*m,*m,*m,*m,*m,*m,*m,*m]\n");
    assert_eq!(
        open(&bytes, "x.yaml").expect_err("refused").code,
        "INVALID_YAML"
    );
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(open(&format!("a: {deep}"), "x.yaml").is_err());
    let block: String = (0..300).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
    assert!(open(&block, "x.yaml").is_err());
    let mut chain = String::from("a0: &a0 [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n");
    for i in 1..10 {
        chain.push_str(&format!("a{i}: &a{i} [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a{}]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n", i - 1));
    }
    let err = open(&chain, "x.yaml").expect_err("refused");
    assert!(err.message.contains("deeper"), "{err:?}");
}

#[test]
fn self_references_end() {
    let conditions = "Conditions:\n  A: !Condition B\n  B: !Not [!Condition A]\nResources:\n  M:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: !If [A, X, Y]\n        States: {X: {Type: Succeed}, Y: {Type: Succeed}}\n";
    let source = open(conditions, "x.yaml").expect("parses");
    let errors = source
        .resolve(
            None,
            &ResolveOptions::default(),
            &mut |_| Err(String::new()),
        )
        .expect_err("cycle reported");
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("refers to itself")),
        "{errors:?}"
    );

    let mut vars = String::from("service: s\ncustom:\n  v0: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
    for i in 1..12 {
        let p = i - 1;
        vars.push_str(&format!("  v{i}: ${{self:custom.v{p}}}${{self:custom.v{p}}}${{self:custom.v{p}}}${{self:custom.v{p}}}\n"));
    }
    vars.push_str("  loop: ${self:custom.loop}\nstepFunctions:\n  stateMachines:\n    m:\n      definition:\n        Comment: ${self:custom.v11}\n        StartAt: A\n        States: {A: {Type: Succeed, Comment: '${self:custom.loop}'}}\n");
    let source = open(&vars, "serverless.yml").expect("parses");
    let errors = source
        .resolve(
            None,
            &ResolveOptions::default(),
            &mut |_| Err(String::new()),
        )
        .expect_err("reported");
    assert!(errors.len() >= 2, "{errors:?}");
}

#[test]
fn random_mutations_never_panic() {
    let fixtures = [
        "sam.yaml",
        "cfn.json",
        "cdk.template.json",
        "serverless.yml",
        "machine.asl.yaml",
        "cfn-literal.yaml",
    ];
    let pieces = [
        "!Ref ", "!GetAtt ", "!Sub ", "${", "}", "${!", "&a ", "*a", "[", "]", "{", "}", ":", "- ",
        "\n  ", "|\n", "\"", "'", "Fn::If", "\u{e9}", "\t", "#", "!If [", "Ref", "0x", "~",
    ];
    let mut seed = 0x9e37_79b9_u32;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed as usize
    };
    let mut resolved = 0;
    for round in 0..1500 {
        let mut text = fixture(fixtures[round % fixtures.len()]);
        for _ in 0..1 + next() % 4 {
            let mut at = next() % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match next() % 3 {
                0 => text.insert_str(at, pieces[next() % pieces.len()]),
                1 => {
                    let mut end = (at + 1 + next() % 8).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => {
                    let mut end = (at + next() % 40).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    let copy = text[at..end].to_string();
                    text.insert_str(at, &copy);
                }
            }
        }
        resolved += exercise(&text);
    }
    // Most small mutations still resolve: the test exercises the resolver, not only the parser.
    assert!(resolved > 300, "only {resolved} resolved");
}
