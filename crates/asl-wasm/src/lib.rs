//! The wasm-bindgen boundary (being written).
