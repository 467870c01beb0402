//! How AWS's Java runtime prints values in `States.Format`: strings bare, objects and arrays
//! as Java's `Map`/`List` `toString()` (`{Arg1=1, Arg2=[]}`), recorded from AWS.

use serde_json::Value;

/// Renders `value` the way `States.Format` inserts it into its template.
pub fn java_string(value: &Value) -> String {
    let mut out = String::new();
    write_java(&mut out, value);
    out
}

fn write_java(out: &mut String, value: &Value) {
    // Iterative over a work stack: Format arguments come from user data of any depth.
    enum Item<'a> {
        Value(&'a Value),
        Text(&'static str),
        Key(&'a str),
    }
    let mut stack = vec![Item::Value(value)];
    while let Some(item) = stack.pop() {
        match item {
            Item::Text(text) => out.push_str(text),
            Item::Key(key) => {
                out.push_str(key);
                out.push('=');
            }
            Item::Value(value) => match value {
                Value::String(s) => out.push_str(s),
                Value::Null => out.push_str("null"),
                Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Value::Number(n) => out.push_str(&n.to_string()),
                Value::Array(items) => {
                    out.push('[');
                    stack.push(Item::Text("]"));
                    for (i, item) in items.iter().enumerate().rev() {
                        stack.push(Item::Value(item));
                        if i > 0 {
                            stack.push(Item::Text(", "));
                        }
                    }
                }
                Value::Object(map) => {
                    out.push('{');
                    stack.push(Item::Text("}"));
                    for (i, (key, item)) in map.iter().enumerate().rev() {
                        stack.push(Item::Value(item));
                        stack.push(Item::Key(key));
                        if i > 0 {
                            stack.push(Item::Text(", "));
                        }
                    }
                }
            },
        }
    }
}
