//! How AWS's Java runtime prints values in `States.Format`: strings bare, objects and arrays
//! as Java's `Map`/`List` `toString()` (`{Arg1=1, Arg2=[]}`), recorded from AWS.

use crate::doc::Doc;

/// Renders `value` the way `States.Format` inserts it into its template.
pub fn java_string(value: &Doc) -> String {
    let mut out = String::new();
    write_java(&mut out, value);
    out
}

fn write_java(out: &mut String, value: &Doc) {
    // Iterative over a work stack: Format arguments come from user data of any depth.
    enum Item<'a> {
        Value(&'a Doc),
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
                Doc::String(s) => out.push_str(s),
                Doc::Null => out.push_str("null"),
                Doc::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Doc::Number(n) => out.push_str(&n.to_string()),
                Doc::Array(items) => {
                    let items = items.items();
                    out.push('[');
                    stack.push(Item::Text("]"));
                    for (i, item) in items.iter().enumerate().rev() {
                        stack.push(Item::Value(item));
                        if i > 0 {
                            stack.push(Item::Text(", "));
                        }
                    }
                }
                Doc::Object(map) => {
                    let map = map.members();
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
