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
import { mountStorage, restore, saveNow } from './storage.js';
import { EXAMPLES, DEFAULT_EXAMPLE } from './examples/index.js';
// Share links, examples gallery, export (share.js, gallery.js, export.js).
import './share.css';
import { initShare, resolveTestCase } from './share.js';
import { GALLERY, mountGallery } from './gallery.js';
import { mountExport } from './export.js';
import { mountSourcePicker } from './source-picker.js';
import { mountHistoryReplay } from './history-replay.js';

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

function loadExample(example) {
  setText('definition', example.definition);
  setText('input', example.input);
  setText('mocks', example.mocks);
  state.testCase = null;
  checkMocks();
  checkDefinition();
  saveNow();
}

async function start() {
  // Fetch and compile the wasm module while the editors mount and Mermaid loads.
  const wasmStart = performance.now();
  const wasmReady = initWasm();
  const saved = restore();
  const initial = saved ?? DEFAULT_EXAMPLE;
  state.definition = initial.definition;
  state.input = initial.input ?? '';
  state.mocks = initial.mocks ?? '';
  state.testCase = saved?.testCase ?? null;
  state.speed = Number.isInteger(saved?.speed) ? saved.speed : 0;
  state.runOptions = optionTexts(saved?.options);

  mountEditors();
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
  emit('restored');

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
  checkDefinition();
  // For bench/page.mjs: fetching, compiling and instantiating the wasm module (from the
  // start of start(), so overlapping the editors' set-up) plus the first definition check.
  performance.measure('asl:wasm+definition', { start: wasmStart });
  await mountSharing();
  document.body.dataset.ready = 'true';
}

// Share links (#v1=…, #example=…), the gallery panel and the export bar.
async function mountSharing() {
  mountGallery(document.getElementById('gallery'));
  mountExport(document.getElementById('export'));
  await initShare({
    current: () => ({ definition: state.definition, input: state.input, mocks: state.mocks, testCase: state.testCase, options: linkOptions() }),
    // A link (or a gallery example) says how to run, too: options it leaves out are the
    // defaults, not whatever this page had before, so the reader sees the sharer's run.
    load(docs) {
      setText('definition', docs.definition);
      setText('input', docs.input ?? '{}');
      setText('mocks', docs.mocks ?? '');
      setRunOptions(docs.options);
      if (Number.isInteger(docs.options?.speed)) setSpeed(docs.options.speed);
      state.testCase = resolveTestCase(docs.testCase, analyzeMocks(state.mocks));
      checkMocks();
      checkDefinition();
      saveNow();
    },
    loadDefault: () => loadExample(DEFAULT_EXAMPLE),
    on,
    examples: GALLERY,
  });
}

start().catch((error) => {
  document.getElementById('diagram-error').textContent = `The playground failed to start: ${error?.message ?? error}`;
  console.error(error);
});
