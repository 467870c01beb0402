// The scrubber: moves back and forth through the recorded events; the diagram, the event
// table and the inspector show the run as it was at that event.
import { state, on, emit } from './state.js';

export function mountTimeline() {
  const scrubber = document.getElementById('scrubber');
  const label = document.getElementById('timeline-label');
  const show = () => {
    const { revealed, cursor } = state.run;
    scrubber.max = String(revealed);
    scrubber.value = String(cursor);
    scrubber.setAttribute('aria-valuetext', `event ${cursor} of ${revealed}`);
    label.textContent = `${cursor} / ${revealed} events`;
  };
  scrubber.addEventListener('input', () => {
    const run = state.run;
    run.cursor = Math.min(Number(scrubber.value), run.revealed);
    run.follow = run.cursor === run.events.length;
    show();
    emit('cursor');
  });
  scrubber.addEventListener('keydown', (e) => {
    // Home/End/arrows work natively; Escape jumps back to following the live end.
    if (e.key === 'Escape') {
      state.run.revealed = state.run.events.length;
      state.run.cursor = state.run.revealed;
      state.run.follow = true;
      show();
      emit('cursor');
    }
  });
  on('events', show);
  on('run', show);
  on('cursor', show);
  show();
}

/** Moves the cursor to just after event `id` (1-based ids, as in the history). */
export function seekToEvent(id) {
  const index = state.run.events.findIndex((e) => e.id === id);
  if (index < 0 || index >= state.run.revealed) return;
  state.run.cursor = index + 1;
  state.run.follow = state.run.cursor === state.run.events.length;
  emit('cursor');
}
