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
