//! The discrete-event scheduler that interleaves Parallel branches and Map iterations in
//! virtual time.
//!
//! Frames form a tree: the execution's stack (`Execution::frames`) is the path from the root
//! to the frame running now, and each waiting Parallel/Map frame keeps its other children in
//! a min-heap (`Join::parked`) keyed by (ready time of the child's whole subtree, index).
//! A parked subtree cannot change while parked, so its key stays valid.
//!
//! To pick the next frame, [`Execution::schedule`] parks the running path back into the
//! tree and walks down from the root, at each join taking the smallest of: its parked
//! children and, when a slot is free under `MaxConcurrency`, starting child `next` (keyed
//! (join's ready time, `next`)). The result is the frame with the smallest (ready time,
//! index path), lexicographically: at equal times the lower branch/item index goes first, so
//! runs without durations keep the sequential order. Each step costs
//! O(nesting depth × log children) and allocates nothing beyond the heaps' growth.

use super::frame::{Frame, Owner, Parked, Phase};
use super::Execution;
use crate::error::{names, StatesError};

/// What a join frame would do next, and when.
enum JoinNext {
    /// The join itself acts (take a result, start a child, or complete) at this time.
    Act(i64),
    /// The parked child on top of the heap goes first.
    Resume,
}

fn join_next(frame: &Frame) -> Option<JoinNext> {
    let join = frame.join.as_ref().filter(|_| frame.phase == Phase::Join)?;
    if join.delivered.is_some() || join.done() {
        return Some(JoinNext::Act(frame.ready_ms));
    }
    let start = join.can_start().then_some((frame.ready_ms, join.next));
    let parked = join.parked.peek().map(|p| (p.ready_ms, p.index));
    Some(match (start, parked) {
        (Some(s), Some(p)) if p < s => JoinNext::Resume,
        (Some((ready, _)), _) => JoinNext::Act(ready),
        (None, Some(_)) => JoinNext::Resume,
        // Nothing can happen; `advance_join` reports it rather than spinning.
        (None, None) => JoinNext::Act(frame.ready_ms),
    })
}

/// Earliest time anything in `frame`'s subtree can run.
pub(crate) fn subtree_ready(frame: &Frame) -> i64 {
    match join_next(frame) {
        None => frame.ready_ms,
        Some(JoinNext::Act(ready)) => ready,
        Some(JoinNext::Resume) => frame
            .join
            .as_ref()
            .and_then(|j| j.parked.peek())
            .map_or(frame.ready_ms, |p| p.ready_ms),
    }
}

impl Execution {
    /// Makes the frame that should run next the top of the stack and moves the clock to its
    /// ready time (or times the execution out when that is past the deadline).
    pub(crate) fn schedule(&mut self) {
        while self.frames.len() > 1 {
            let Some(frame) = self.frames.pop() else {
                break;
            };
            let index = match frame.owner {
                Owner::Branch(i) | Owner::Iteration(i) => i,
                Owner::Root => usize::MAX,
            };
            let ready_ms = subtree_ready(&frame);
            let Some(join) = self.frames.last_mut().and_then(|f| f.join.as_mut()) else {
                self.end_failed(StatesError::new(
                    names::RUNTIME,
                    "internal: a branch lost its parent",
                ));
                return;
            };
            join.parked.push(Parked {
                ready_ms,
                index,
                frame: Box::new(frame),
            });
        }
        loop {
            let Some(top) = self.frames.last_mut() else {
                return;
            };
            let ready = match join_next(top) {
                None => top.ready_ms,
                Some(JoinNext::Act(ready)) => ready,
                Some(JoinNext::Resume) => {
                    let parked = top.join.as_mut().and_then(|j| j.parked.pop());
                    match parked {
                        Some(p) => self.frames.push(*p.frame),
                        None => return,
                    }
                    continue;
                }
            };
            // While a task waits for a live answer, the clock stops where the host allows
            // (see `callback`); the execution's timeout counts as something that happens.
            #[cfg(feature = "debugger")]
            if self.waiting_count > 0 {
                let next = ready.min(self.deadline_ms.saturating_add(1));
                if next > self.time_allowed_ms && self.suspend_at(next) {
                    return;
                }
            }
            if ready > self.deadline_ms {
                self.time_out();
            } else if ready > self.now_ms {
                self.now_ms = ready;
            }
            return;
        }
    }
}
