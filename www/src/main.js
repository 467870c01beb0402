// Wires the panels together: each panel module talks only to the state in state.js.
import './styles.css';
import { state, emit, on } from './state.js';
import { initWasm, analyzeDefinition, analyzeMocks } from './wasm.js';
import { mountEditors, setText } from './editor.js';
import { mountDiagram } from './diagram.js';
import { mountControls } from './controls.js';
import { mountTimeline } from './timeline.js';
import { mountEvents } from './events.js';
import { mountInspector } from './inspector.js';
import { mountStatus } from './status.js';
import { mountStorage, restore, saveNow } from './storage.js';
import { EXAMPLES, DEFAULT_EXAMPLE } from './examples/index.js';

const ANALYSIS_DELAY_MS = 150;

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

const checkDefinition = () => {
  const text = state.definition;
  const result = analyzeDefinition(text);
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
  const saved = restore();
  const initial = saved ?? DEFAULT_EXAMPLE;
  state.definition = initial.definition;
  state.input = initial.input ?? '';
  state.mocks = initial.mocks ?? '';
  state.testCase = saved?.testCase ?? null;
  state.speed = Number.isInteger(saved?.speed) ? saved.speed : 0;

  mountEditors();
  mountDiagram();
  mountControls();
  mountTimeline();
  mountEvents();
  mountInspector();
  mountStatus();
  mountStorage();
  emit('restored');

  const select = document.getElementById('example-select');
  select.append(new Option('Choose an example…', ''));
  EXAMPLES.forEach((example, i) => select.append(new Option(example.name, String(i))));
  select.addEventListener('change', () => {
    const example = EXAMPLES[Number(select.value)];
    if (example) loadExample(example);
    select.value = '';
  });

  await initWasm();
  const definitionChanged = debounce(checkDefinition, ANALYSIS_DELAY_MS);
  const mocksChanged = debounce(checkMocks, ANALYSIS_DELAY_MS);
  on('documents', (which) => {
    if (which === 'definition') definitionChanged();
    if (which === 'mocks') mocksChanged();
  });
  checkMocks();
  checkDefinition();
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  document.getElementById('diagram-error').textContent = `The playground failed to start: ${error?.message ?? error}`;
  console.error(error);
});
