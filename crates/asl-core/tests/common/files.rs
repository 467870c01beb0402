//! Reading the conformance cases in both test builds: `std::fs` natively and Node's `fs`
//! on wasm32 (wasm-bindgen-test-runner runs the tests in Node, where wasm32-unknown-unknown
//! has no file system of its own). The folder is never copied into the repository.

use std::path::{Path, PathBuf};

/// `../shared/conformance` next to the repository (a compile-time path: Node resolves it), or
/// `$ASL_SHARED_DIR/conformance` natively when that is set (a checkout that does not sit
/// beside `shared/`; `bench/` reads the same variable). The one place every test that reads
/// the recorded cases finds them.
pub fn conformance_dir() -> PathBuf {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(shared) = std::env::var_os("ASL_SHARED_DIR") {
        return PathBuf::from(shared).join("conformance");
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance")
}

/// `../shared/conformance-dmap` (the Distributed Map executions recorded on AWS), found the
/// same way as [`conformance_dir`].
pub fn conformance_dmap_dir() -> PathBuf {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(shared) = std::env::var_os("ASL_SHARED_DIR") {
        return PathBuf::from(shared).join("conformance-dmap");
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance-dmap")
}

/// The file's text, or `None` when it cannot be read.
pub fn read_to_string(path: &Path) -> Option<String> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::fs::read_to_string(path).ok()
    }
    #[cfg(target_arch = "wasm32")]
    {
        node::read_file_sync(path.to_str()?, "utf8")
            .ok()?
            .as_string()
    }
}

#[cfg(target_arch = "wasm32")]
mod node {
    use wasm_bindgen::prelude::*;

    // `module = "fs"` works with both module formats of wasm-bindgen-test-runner's Node mode
    // (`require` for the default CommonJS, `import` for `run_in_node_experimental`).
    #[wasm_bindgen(module = "fs")]
    extern "C" {
        #[wasm_bindgen(catch, js_name = readFileSync)]
        pub fn read_file_sync(path: &str, encoding: &str) -> Result<JsValue, JsValue>;
    }
}

/// Runs a recorded case folder as ../shared/conformance and conformance-dmap hold them
/// (`definition.json`, `input.json`, `expected.json`, and `mocks.json` with the test case
/// `HoldoutCase` when the case mocks tasks): `(expected, actual)`, both as `asl run` prints
/// a result, or what kept the case from running.
pub fn run_recorded_case(dir: &Path) -> Result<(serde_json::Value, serde_json::Value), String> {
    use asl_core::exec::{run_texts, ExecOptions, RunRequest};
    let read = |name: &str| read_to_string(&dir.join(name));
    let (Some(definition), Some(input), Some(expected)) = (
        read("definition.json"),
        read("input.json"),
        read("expected.json"),
    ) else {
        return Err("case files missing".into());
    };
    let Ok(expected) = serde_json::from_str(&expected) else {
        return Err("expected.json is not JSON".into());
    };
    let mocks = read("mocks.json");
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks: mocks.as_deref(),
        state_machine: None,
        test_case: mocks.as_ref().map(|_| "HoldoutCase"),
        options: ExecOptions::default(),
    };
    match run_texts(&request) {
        Ok(result) => Ok((expected, result.to_json(false, false))),
        Err(problem) => {
            let messages: Vec<_> = problem
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect();
            Err(format!("setup: {}", messages.join("; ")))
        }
    }
}
