//! Reference paths and `ResultPath`: placing a state's result into its input.

use std::fmt;

use std::rc::Rc;

use crate::doc::Doc;

use crate::error::{names, StatesError};
use crate::limits::MAX_DOCUMENT_DEPTH;

use super::{compact_json, Path, PathSyntaxError, Root, Segment, Selector};

/// A reference path: `$` followed only by names (`.a`, `['a']`) and single indexes (`[0]`),
/// so it points at exactly one place. `ResultPath`, `ItemsPath` and the `…Path` Choice
/// operands are reference paths.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferencePath {
    path: Path,
}

impl ReferencePath {
    /// Parses a reference path; wildcards, slices, filters, `..` and unions are rejected.
    pub fn parse(text: &str) -> Result<ReferencePath, PathSyntaxError> {
        let path = Path::parse(text)?;
        for segment in path.segments() {
            match segment {
                Segment::Child(Selector::Name(_) | Selector::Index(_)) => {}
                _ => {
                    return Err(PathSyntaxError {
                        message:
                            "a reference path may only use field names and single array indexes"
                                .to_string(),
                        offset: 0,
                    })
                }
            }
        }
        Ok(ReferencePath { path })
    }

    /// The path as a general [`Path`], for reading with [`Path::select`].
    pub fn as_path(&self) -> &Path {
        &self.path
    }

    /// The path exactly as written.
    pub fn text(&self) -> &str {
        self.path.text()
    }
}

impl fmt::Display for ReferencePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path.text())
    }
}

/// Applies `ResultPath`: `None` (`"ResultPath": null`) keeps the input and discards the
/// result; `$` replaces the input with the result; otherwise the result is written at the
/// path inside the input, creating missing objects on the way. Copy-on-write: only the
/// containers on the path are copied (shallowly, and only when shared); every other subtree
/// of `input` stays shared with the caller's copy.
///
/// Fails with `States.ResultPathMatchFailure` when the path runs through something that is
/// not an object (or an array index that does not exist), or when the path is not rooted at
/// `$`.
pub fn apply_result_path(
    input: Doc,
    result: Doc,
    path: Option<&ReferencePath>,
) -> Result<Doc, StatesError> {
    let Some(path) = path else {
        return Ok(input);
    };
    if path.path.root() != &Root::Input {
        return Err(match_failure(path, &input));
    }
    let segments = path.path.segments();
    if segments.is_empty() {
        return Ok(result);
    }
    // Each field may create one level of nesting; a document deeper than the limit could not
    // be serialized or dropped without overflowing the stack, so refuse before building it.
    if segments.len() > MAX_DOCUMENT_DEPTH || result.nesting() > MAX_DOCUMENT_DEPTH - segments.len()
    {
        return Err(StatesError::new(
            names::DATA_LIMIT_EXCEEDED,
            format!(
                "The ResultPath has {} fields; with the result's own nesting the document would be deeper than {MAX_DOCUMENT_DEPTH} levels",
                segments.len()
            ),
        ));
    }
    let mut input = input;
    if place(&mut input, segments, result).is_err() {
        return Err(match_failure(path, &input));
    }
    Ok(input)
}

/// Writes `result` at `segments` inside `target`, creating missing objects on the way. On
/// failure `target` is unchanged (checked up front), so the error cause shows the real input.
fn place(target: &mut Doc, segments: &[Segment], result: Doc) -> Result<(), Doc> {
    // Check first, so a failure leaves the input exactly as it was for the error cause.
    if !placeable(target, segments) {
        return Err(result);
    }
    let mut node = target;
    for (i, segment) in segments.iter().enumerate() {
        let leaf = i + 1 == segments.len();
        node = match segment {
            Segment::Child(Selector::Name(name)) => {
                let Some(map) = node.as_object_mut() else {
                    return Err(result);
                };
                if leaf {
                    match map.get_mut(name.as_str()) {
                        Some(slot) => *slot = result,
                        None => {
                            map.insert(Rc::from(name.as_str()), result);
                        }
                    }
                    return Ok(());
                }
                let k = match map.get_index_of(name.as_str()) {
                    Some(k) => k,
                    None => {
                        map.insert(Rc::from(name.as_str()), Doc::empty_object());
                        map.len() - 1
                    }
                };
                match map.get_index_mut(k) {
                    Some((_, next)) => next,
                    None => return Err(result),
                }
            }
            Segment::Child(Selector::Index(index)) => {
                let Some(items) = node.as_array_mut() else {
                    return Err(result);
                };
                let Some(k) = resolve(*index, items.len()) else {
                    return Err(result);
                };
                if leaf {
                    items[k] = result;
                    return Ok(());
                }
                &mut items[k]
            }
            _ => return Err(result),
        };
    }
    Ok(())
}

/// Whether [`place`] would succeed: every existing step is the right container.
fn placeable(mut node: &Doc, segments: &[Segment]) -> bool {
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Child(Selector::Name(name)) => match node {
                Doc::Object(map) => match map.get(name) {
                    Some(next) => node = next,
                    // Objects are created below a missing field; indexes cannot be.
                    None => {
                        return segments[i + 1..]
                            .iter()
                            .all(|s| matches!(s, Segment::Child(Selector::Name(_))))
                    }
                },
                _ => return false,
            },
            Segment::Child(Selector::Index(index)) => match node {
                Doc::Array(items) => match resolve(*index, items.items().len()) {
                    Some(k) => node = &items.items()[k],
                    None => return false,
                },
                _ => return false,
            },
            _ => return false,
        }
    }
    true
}

fn resolve(index: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let k = if index < 0 { len + index } else { index };
    if (0..len).contains(&k) {
        usize::try_from(k).ok()
    } else {
        None
    }
}

/// AWS's wording (state prefix left to the interpreter).
fn match_failure(path: &ReferencePath, input: &Doc) -> StatesError {
    StatesError::new(
        names::RESULT_PATH_MATCH_FAILURE,
        format!(
            "Unable to apply ReferencePath {} to input {}",
            path.text(),
            compact_json(input)
        ),
    )
}
