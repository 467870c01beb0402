// Wires the panels together: each panel module talks only to the state in state.js.
import './styles.css';
import { state, emit, on } from './state.js';
import { initWasm, analyzeDefinition, analyzeMocks, analyzeSource, needsSource } from './wasm.js';
import { mountEditors, setText } from './editor.js';
import { mountDiagram } from './diagram.js';
import { mountControls, setSpeed } from './controls.js';
import { mountRunOptions, setRunOptions, optionTexts, linkOptions } from './run-options.js';
import { mountTimeline } from './timeline.js';
import { mountEvents } from './events.js';
import { mountInspector } from './inspector.js';
import { mountStatus } from './status.js';
import { mountStorage, restore, saveNow, keepDraft, markLoaded, fingerprint } from './storage.js';
import { mountDrafts } from './drafts.js';
import { EXAMPLES, DEFAULT_EXAMPLE } from './examples/index.js';
// Share links, examples gallery, export (share.js, gallery.js, export.js).
import './share.css';
import { initShare, resolveTestCase } from './share.js';
import { GALLERY, mountGallery } from './gallery.js';
import { mountExport } from './export.js';
import { mountSourcePicker } from './source-picker.js';
import { mountHistoryReplay } from './history-replay.js';
import { mountBreakpoints, setBreakpoints, linkBreakpoints } from './breakpoints.js';
import { mountCallbacks } from './callbacks.js';
import { mountTestsPanel } from './tests-panel.js';
// A Distributed Map's child executions and the run's S3 objects (map-run.js, s3-objects.js).
import './map-run.css';
import { mountMapRun } from './map-run.js';
import { mountS3Objects } from './s3-objects.js';

const ANALYSIS_DELAY_MS = 150;

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

const checkDefinition = async () => {
  const text = state.definition;
  // YAML and templates go through the second wasm module, loaded on first use.
  const result = needsSource(text) ? await analyzeSource(text, state.source) : analyzeDefinition(text);
  if (text !== state.definition) return; // edited meanwhile: a newer check follows
  state.analysis = result;
  emit('analysis', { text, result });
};

const checkMocks = () => {
  const text = state.mocks;
  const result = analyzeMocks(text);
  state.mocksResult = result;
  emit('mocks', { text, result });
};

/** Says things about the user's work (drafts.js): set once the page is mounted. */
let notices = { say() {}, add() {} };

/**
 * Puts `docs` into the editors, first keeping what they held as a draft (storage.js) unless
 * it is exactly what was last loaded: a link, an example or a restored draft never loses what
 * the user typed. `reason` names what replaced it, for "Restore previous work".
 */
function replaceDocuments(docs, reason, { reopenable = true } = {}) {
  const kept = keepDraft(docs, reason, { always: !reopenable });
  setText('definition', docs.definition ?? '');
  setText('input', docs.input ?? '{}');
  setText('mocks', docs.mocks ?? '');
  // A link or an example can be opened again; a restored draft left the list (and what it
  // replaced is kept even untouched, as the link leaves the address bar), so whatever
  // replaces it next keeps it, edited or not.
  markLoaded(reopenable ? docs : null);
  if (kept) notices.add('Your previous work was kept: "Restore previous work" brings it back.');
  return kept;
}

function loadExample(example) {
  replaceDocuments(example, `the example "${example.name}"`);
  state.testCase = null;
  checkMocks();
  checkDefinition();
  saveNow();
}

/** Puts a kept draft back (with its test case, options and speed). */
function openDraft(draft) {
  const kept = replaceDocuments(draft, 'a restored draft', { reopenable: false });
  setRunOptions(draft.options);
  if (Number.isInteger(draft.speed)) setSpeed(draft.speed);
  state.testCase = draft.testCase ?? null;
  checkMocks();
  checkDefinition();
  saveNow();
  sharing?.detach();
  if (!kept) notices.say('');
}

async function start() {
  // Fetch and compile the wasm module while the editors mount and Mermaid loads.
  const wasmStart = performance.now();
  const wasmReady = initWasm();
  // Field by field: what storage holds that does not check out falls back to its default,
  // and the page says so (storage.js).
  const { saved, dropped } = restore();
  state.definition = saved?.definition ?? DEFAULT_EXAMPLE.definition;
  state.input = saved?.input ?? (saved ? '{}' : DEFAULT_EXAMPLE.input ?? '');
  state.mocks = saved?.mocks ?? (saved ? '' : DEFAULT_EXAMPLE.mocks ?? '');
  if (!saved) markLoaded(DEFAULT_EXAMPLE);
  state.testCase = saved?.testCase ?? null;
  state.speed = Number.isInteger(saved?.speed) ? saved.speed : 0;
  state.runOptions = optionTexts(saved?.options);

  mountDiagram();
  mountControls();
  mountRunOptions();
  mountTimeline();
  mountEvents();
  mountInspector();
  mountStatus();
  mountStorage();
  mountSourcePicker();
  mountHistoryReplay();
  mountBreakpoints(document.getElementById('debugger'));
  mountCallbacks(document.getElementById('debugger'));
  mountTestsPanel(document.getElementById('tests-panel'));
  mountMapRun(document.getElementById('map-run'));
  mountS3Objects(document.getElementById('s3-objects'));
  notices = mountDrafts({ open: openDraft });
  if (dropped.length) {
    notices.say(`Some saved work could not be restored and was dropped: ${dropped.join(', ')}. Defaults are shown in its place.`, 'error');
  }
  emit('restored');
  performance.mark('asl:mounted');

  const select = document.getElementById('example-select');
  select.append(new Option('Choose an example…', ''));
  EXAMPLES.forEach((example, i) => select.append(new Option(example.name, String(i))));
  select.addEventListener('change', () => {
    const example = EXAMPLES[Number(select.value)];
    if (example) loadExample(example);
    select.value = '';
  });

  await wasmReady;
  performance.mark('asl:wasm-ready');
  const definitionChanged = debounce(checkDefinition, ANALYSIS_DELAY_MS);
  const mocksChanged = debounce(checkMocks, ANALYSIS_DELAY_MS);
  on('source-options', checkDefinition);
  on('documents', (which) => {
    if (which === 'definition') definitionChanged();
    if (which === 'mocks') mocksChanged();
  });
  checkMocks();
  // A link replaces what was restored: checking and drawing the restored machine first would
  // only delay the link's, and show the wrong machine meanwhile (its render starts at once,
  // the link's after the typing delay). The link's load checks its own definition.
  const linked = LINK_FRAGMENT.test(window.location.hash);
  if (!linked) checkDefinition();
  // For bench/page.mjs: fetching, compiling and instantiating the wasm module (from the
  // start of start(), so overlapping the panels' set-up) plus the first definition check.
  performance.measure('asl:wasm+definition', { start: wasmStart });
  if (!linked) await firstDiagram();
  await mountEditors();
  performance.mark('asl:editors'); // bench/page-profile.mjs: the first load's steps
  await mountSharing();
  // A link that could not be opened leaves the restored work: check and draw it now.
  if (linked && !linkLoaded) checkDefinition();
  document.body.dataset.ready = 'true';
}

/** A fragment that names a shared state or a gallery example (share.js reads it). */
const LINK_FRAGMENT = /^#(?:.*&)?(?:v\d+|example)=/;

/** Longest the editors wait for the first diagram (one that fails to render says nothing). */
const FIRST_DIAGRAM_WAIT_MS = 1500;

/** Resolves once the first diagram is drawn, at once when there is none to draw. The three
 * CodeMirror editors mount after it: on a first load they were a third of the main thread's
 * work before the diagram (bench/README, "Page: the first diagram and the first Run"). */
function firstDiagram() {
  return new Promise((resolve) => {
    if (!state.analysis?.valid || !state.analysis.mermaid) return resolve();
    on('diagram', () => resolve());
    setTimeout(resolve, FIRST_DIAGRAM_WAIT_MS);
  });
}

/** initShare's handle, once mounted (a restored draft stops following the link). */
let sharing = null;
/** Whether a link (or a hash change) has replaced the documents since the page started. */
let linkLoaded = false;

/** What a link that cannot be opened leaves in the editors: the user's work stays. */
const keepOnBrokenLink = () => (fingerprint(state) === fingerprint(DEFAULT_EXAMPLE) ? 'default' : 'kept');

// Share links (#v1=…, #example=…), the gallery panel and the export bar.
async function mountSharing() {
  mountGallery(document.getElementById('gallery'));
  mountExport(document.getElementById('export'));
  sharing = await initShare({
    current: () => ({ definition: state.definition, input: state.input, mocks: state.mocks, testCase: state.testCase, options: { ...linkOptions(), ...linkBreakpoints() } }),
    // A link (or a gallery example) says how to run, too: options it leaves out are the
    // defaults, not whatever this page had before, so the reader sees the sharer's run.
    load(docs, reason) {
      linkLoaded = true;
      replaceDocuments(docs, reason);
      setRunOptions(docs.options);
      if (Number.isInteger(docs.options?.speed)) setSpeed(docs.options.speed);
      setBreakpoints(docs.options?.breakpoints ?? []);
      state.testCase = resolveTestCase(docs.testCase, analyzeMocks(state.mocks));
      checkMocks();
      checkDefinition();
      saveNow();
    },
    loadDefault: keepOnBrokenLink,
    on,
    examples: GALLERY,
  });
}

start().catch((error) => {
  document.getElementById('diagram-error').textContent = `The playground failed to start: ${error?.message ?? error}`;
  console.error(error);
});
