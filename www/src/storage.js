// Keeps the editors (and the speed and run options) in localStorage, so a reload restores the work.
import { state, on } from './state.js';

const KEY = 'asl-playground:v1';
const SAVE_DELAY_MS = 250;

/** The saved documents, or null when there are none (or storage is unavailable). */
export function restore() {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (!saved || typeof saved.definition !== 'string') return null;
    return saved;
  } catch {
    return null;
  }
}

let timer = null;
export function saveNow() {
  clearTimeout(timer);
  try {
    const { definition, input, mocks, testCase, speed, runOptions } = state;
    localStorage.setItem(KEY, JSON.stringify({ definition, input, mocks, testCase, speed, options: runOptions }));
  } catch {
    // Private mode or a full quota: the page still works, it just won't remember.
  }
}

export function mountStorage() {
  on('documents', () => {
    clearTimeout(timer);
    timer = setTimeout(saveNow, SAVE_DELAY_MS);
  });
  window.addEventListener('pagehide', saveNow);
}
