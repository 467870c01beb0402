// The Tests panel: runs every test case of the mock file (in a Worker, tests-worker.js) and
// lists each with pass/fail, its status and final state; a mock file may carry a test suite's
// expectations under `x-asl-playground.testSuite` (the format of docs/test-suite.schema.json),
// or a suite (JSON or YAML) pasted into the panel's "Suite" box is used instead — its TestState
// cases are answered too.
// Clicking a case picks it in the test-case picker and runs it on the diagram. "Coverage"
// greys out the states and edges no case reached (data-covered="false" on their diagram
// nodes, edge paths and edge labels; the graph's edge list maps each drawn edge to its
// transition).
import './tests-panel.css';
import { state, on, runnableDefinition } from './state.js';

let worker = null;

function run(request) {
  worker?.terminate();
  worker = new Worker(new URL('./tests-worker.js', import.meta.url), { type: 'module' });
  return new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve(data);
    worker.onerror = (event) => resolve({ ok: false, message: event.message || 'the tests could not run' });
    worker.postMessage(request);
  });
}

/** The suite a mock file carries under its extension key, as JSON text (or null). */
function embeddedSuite(mocks) {
  try {
    const suite = JSON.parse(mocks)?.['x-asl-playground']?.testSuite;
    return suite ? JSON.stringify(suite) : null;
  } catch {
    return null;
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A transition's identity, the same in coverage reports and in the graph's edge list. */
const transitionKey = (t) => JSON.stringify([t.from, t.kind, t.index, t.to]);

function applyCoverage(coverage, enabled) {
  const diagram = document.querySelector('[data-testid="diagram"]');
  if (!diagram) return;
  const hits = new Map((coverage?.states?.items ?? []).map((s) => [s.state, s.hits]));
  for (const node of diagram.querySelectorAll('[data-state]')) {
    if (enabled && hits.has(node.dataset.state)) node.dataset.covered = String(hits.get(node.dataset.state) > 0);
    else delete node.dataset.covered;
  }
  // Edges: each drawn edge (path and label carry its data-id) by the transition it draws.
  const taken = new Map((coverage?.transitions?.items ?? []).map((t) => [transitionKey(t), t.hits]));
  const edges = new Map((state.graph?.edges ?? []).map((e) => [e.id, transitionKey(e)]));
  for (const element of diagram.querySelectorAll('[data-id]')) {
    const key = edges.get(element.getAttribute('data-id'));
    const target = element.closest('g.edgeLabel') ?? element;
    if (enabled && key !== undefined && taken.has(key)) {
      target.dataset.covered = String(taken.get(key) > 0);
      target.dataset.transition = key;
    } else if (key !== undefined) {
      delete target.dataset.covered;
      delete target.dataset.transition;
    }
  }
}

/** Picks test case `name` in the test-case picker and runs it (the controls' own buttons). */
function runCase(name) {
  const select = document.querySelector('[data-testid="test-case"]');
  const value = [...(select?.options ?? [])].map((o) => o.value).find((v) => v && JSON.parse(v).testCase === name);
  if (!value) return;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  const reset = document.querySelector('[data-testid="reset"]');
  if (reset && !reset.disabled) reset.click();
  document.querySelector('[data-testid="run"]')?.click();
}

/** Mounts the panel into `container`. */
export function mountTestsPanel(container) {
  container.dataset.testid = 'tests-panel-body';
  const bar = element('div', 'tests-bar');
  const button = element('button', null, 'Run all test cases');
  button.type = 'button';
  button.dataset.testid = 'run-tests';
  const toggle = element('label', 'tests-coverage');
  const checkbox = document.createElement('input');
  checkbox.type = 'checkbox';
  checkbox.dataset.testid = 'coverage-overlay';
  toggle.append(checkbox, ' Coverage on the diagram');
  const summary = element('span', 'tests-summary muted');
  summary.dataset.testid = 'tests-summary';
  bar.append(button, toggle, summary);
  const pasted = element('details', 'tests-suite');
  const suiteBox = document.createElement('textarea');
  suiteBox.dataset.testid = 'tests-suite';
  suiteBox.rows = 8;
  suiteBox.spellcheck = false;
  suiteBox.placeholder = 'testCases:\n  HappyPath: { status: SUCCEEDED }\n  Route:\n    testState: { stateName: Route, input: \'{"n": 1}\' }\n    responseSubset: { nextState: Small }';
  suiteBox.setAttribute('aria-label', 'Test suite (JSON or YAML)');
  pasted.append(element('summary', null, 'Suite (paste JSON or YAML; over the mock file\'s)'), suiteBox);
  const list = element('ul', 'tests-list');
  container.replaceChildren(bar, pasted, list);
  let last = null;

  checkbox.addEventListener('change', () => applyCoverage(last?.coverage, checkbox.checked));
  // A new diagram has new nodes: apply the overlay to them again.
  on('analysis', () => requestAnimationFrame(() => applyCoverage(last?.coverage, checkbox.checked)));

  button.addEventListener('click', async () => {
    button.disabled = true;
    summary.textContent = 'Running…';
    const mocks = state.mocks;
    const answer = await run({
      definition: runnableDefinition(),
      input: state.input,
      mocks,
      stateMachine: state.testCase?.stateMachine ?? null,
      suite: suiteBox.value.trim() ? suiteBox.value : embeddedSuite(mocks),
    });
    button.disabled = false;
    list.replaceChildren();
    if (!answer.ok) {
      last = null;
      summary.textContent = `Could not run: ${answer.message}`;
      return;
    }
    last = answer.result;
    const passed = last.cases.filter((c) => c.passed).length;
    const states = last.coverage.states.items;
    const reached = states.filter((s) => s.hits > 0).length;
    summary.textContent = `${passed}/${last.cases.length} passed · states ${reached}/${states.length} reached`;
    for (const c of last.cases) {
      const item = element('li', `tests-case ${c.passed ? 'passed' : 'failed'}`);
      item.dataset.testid = 'test-result';
      item.dataset.case = c.name;
      item.dataset.passed = String(c.passed);
      const open = element('button', 'tests-open', `${c.passed ? '✓' : '✗'} ${c.name}`);
      open.type = 'button';
      open.title = 'Show this run on the diagram';
      open.addEventListener('click', () => runCase(c.name));
      item.append(open, element('span', 'muted', ` ${c.status}${c.finalState ? ` at ${c.finalState}` : ''}`));
      if (c.failures.length) item.append(element('pre', 'tests-failure', c.failures.join('\n')));
      list.append(item);
    }
    applyCoverage(last.coverage, checkbox.checked);
  });
}
