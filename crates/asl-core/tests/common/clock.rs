//! Time bounds for the tests that must also hold on wasm32, where `std::time::Instant`
//! panics: natively the thread's CPU time (a loaded machine stretches wall time, not CPU
//! time), on wasm32 `Date.now()` in the JS host (single-threaded, so wall time is the
//! closest measure there is).

use std::time::Duration;

/// How long `f` took: `(result, cpu_or_best, wall)`.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let (wall, cpu) = (std::time::Instant::now(), cpu_time::ThreadTime::now());
        let value = f();
        (value, cpu.elapsed(), wall.elapsed())
    }
    #[cfg(target_arch = "wasm32")]
    {
        let start = js_sys::Date::now();
        let value = f();
        let elapsed = Duration::from_secs_f64((js_sys::Date::now() - start).max(0.0) / 1000.0);
        (value, elapsed, elapsed)
    }
}

/// Whether one-second bounds are asserted: always natively; on wasm32 only in release
/// builds, as unoptimized wasm runs several times slower than what the playground ships.
pub const BOUNDS_HOLD: bool = cfg!(not(all(target_arch = "wasm32", debug_assertions)));
