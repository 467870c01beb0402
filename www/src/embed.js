// The embeddable page (embed.html), for iframes in documentation: the diagram, a compact
// control bar and, on request, the editors. It reuses the playground's modules (state, wasm,
// diagram, controls, status, editor) and reads the same links as the playground:
//
//   embed.html#v1=<state>[&view=diagram|input|full][&theme=light|dark][&autoplay=1]
//   embed.html#example=<id>[&…]
//
// Nothing is remembered between visits (no localStorage): an embed shows what its link says.
import './styles.css';
import './share.css';
import { state, emit, on } from './state.js';
import { initWasm, analyzeDefinition, analyzeMocks } from './wasm.js';
import { mountDiagram } from './diagram.js';
import { mountControls, run } from './controls.js';
import { mountStatus } from './status.js';
import { mountEditors } from './editor.js';
import { parseFragment, sanitizeOptions } from './share.js';
import { optionTexts } from './run-options.js';
import { GALLERY } from './gallery.js';
import { DEFAULT_EXAMPLE } from './examples/index.js';

const VIEWS = ['diagram', 'input', 'full'];
const THEMES = ['light', 'dark'];
const ANALYSIS_DELAY_MS = 150;

/** The page parameters of a fragment (everything but the share payload), validated. */
export function embedOptions(fragment) {
  const params = new Map();
  for (const param of String(fragment ?? '').replace(/^#/, '').split('&')) {
    const at = param.indexOf('=');
    if (at > 0) params.set(param.slice(0, at), param.slice(at + 1));
  }
  const view = params.get('view');
  const theme = params.get('theme');
  return {
    view: VIEWS.includes(view) ? view : 'diagram',
    theme: THEMES.includes(theme) ? theme : null,
    autoplay: params.get('autoplay') === '1',
  };
}

/** What to open: the link's state, a gallery example, or the default example with a message. */
async function documentsFor(fragment) {
  const fallback = { ...DEFAULT_EXAMPLE, testCase: null };
  let link;
  try {
    link = await parseFragment(fragment);
  } catch (error) {
    return { docs: fallback, message: `This embed's link could not be opened: ${error.message}. Showing the default example.` };
  }
  if (link.kind === 'state') {
    const s = link.state;
    return { docs: { definition: s.definition, input: s.input, mocks: s.mocks ?? '', testCase: s.testCase ?? null, options: sanitizeOptions(s.options) } };
  }
  if (link.kind === 'example') {
    const example = GALLERY.get(link.id);
    if (example) return { docs: example };
    return { docs: fallback, message: `There is no example called '${link.id}'. Showing the default example.` };
  }
  return { docs: fallback };
}

function debounce(fn, ms) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

/** Without the mocks editor, nobody picks a test case: take the link's, or the first one. */
function pickTestCase(result, wanted) {
  const cases = result?.testCases ?? [];
  const match = wanted && cases.find((c) => c.testCase === wanted.testCase && (!wanted.stateMachine || c.stateMachine === wanted.stateMachine));
  return match ? { stateMachine: match.stateMachine, testCase: match.testCase } : cases[0] ?? null;
}

async function start() {
  const options = embedOptions(window.location.hash);
  document.body.dataset.view = options.view;
  if (options.theme) document.documentElement.dataset.theme = options.theme;

  await initWasm();
  const { docs, message } = await documentsFor(window.location.hash);
  document.getElementById('embed-message').textContent = message ?? '';
  state.definition = docs.definition ?? '';
  state.input = docs.input ?? '{}';
  state.mocks = docs.mocks ?? '';
  state.testCase = docs.testCase ?? null;
  if (Number.isInteger(docs.options?.speed)) state.speed = docs.options.speed;
  else state.speed = 2;
  // Seed and start time as the link says (no fields here: one that does not parse stops the
  // run with a message, see controls.js).
  state.runOptions = optionTexts(docs.options);

  const withEditors = options.view !== 'diagram';
  // CodeMirror loads while the diagram is drawn; the page is ready once both are.
  const editorsMounted = withEditors ? mountEditors() : null;
  // diagram.js follows the reader's colour scheme; the link's theme wins here.
  mountDiagram({ theme: options.theme });
  mountControls();
  mountStatus();
  emit('restored');

  const open = document.getElementById('open-playground');
  open.href = `./index.html${window.location.hash}`;

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
    if (!withEditors) state.testCase = pickTestCase(result, state.testCase);
    emit('mocks', { text, result });
  };
  const definitionChanged = debounce(checkDefinition, ANALYSIS_DELAY_MS);
  const mocksChanged = debounce(checkMocks, ANALYSIS_DELAY_MS);
  on('documents', (which) => {
    if (which === 'definition') definitionChanged();
    if (which === 'mocks') mocksChanged();
  });

  if (options.autoplay) {
    let played = false;
    on('diagram', () => {
      if (played) return;
      played = true;
      run();
    });
  }
  checkMocks();
  checkDefinition();
  await editorsMounted;
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  document.getElementById('embed-message').textContent = `The embed failed to start: ${error?.message ?? error}`;
  console.error(error);
});
