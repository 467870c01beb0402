// "Test this state": AWS's TestState API answered offline, in the inspector of the selected
// state. The request is built exactly as `aws stepfunctions test-state --cli-input-json`
// takes it (so "AWS CLI" gives a command that runs it unchanged against AWS) and answered
// by the core's `testState`, which lives in the second wasm module (wasm.js,
// sourcesModule): the page's own module has no room for it in its size budget. One state
// runs for a bounded number of steps (and JSONata has its own budgets), so it is answered
// here rather than in a run's Worker.
import './test-state.css';
import { state as app, runnableDefinition, emit } from './state.js';
import { sourcesModule } from './wasm.js';
import { describeError } from './protocol.js';
import { copyText } from './inspector.js';

const LEVELS = ['INFO', 'DEBUG', 'TRACE'];
const MOCKABLE = new Set(['Task', 'Map', 'Parallel']);

/** What the user typed per state, so the inspector re-rendering (every event) keeps it. */
const drafts = new Map();

/** The state's definition and how to name it: a top-level state is tested within the whole
 * machine (`stateName`); a state inside a Parallel or Map is tested on its own (AWS's
 * `stateName` names only top-level states), with the machine's QueryLanguage. */
export function locateState(definitionText, name) {
  let machine;
  try {
    machine = JSON.parse(definitionText);
  } catch {
    return null;
  }
  // Own properties only: a state named `__proto__` or `constructor` is data, not a lookup.
  const own = (states) => (states && typeof states === 'object' && Object.hasOwn(states, name) ? states[name] : undefined);
  if (own(machine?.States)) {
    return { definition: definitionText, stateName: name, state: machine.States[name], isStart: machine.StartAt === name };
  }
  const search = (states) => {
    for (const s of Object.values(states ?? {})) {
      const graphs = [s?.ItemProcessor, s?.Iterator, ...(Array.isArray(s?.Branches) ? s.Branches : [])];
      for (const graph of graphs) {
        if (own(graph?.States)) return graph.States[name];
        const found = search(graph?.States);
        if (found) return found;
      }
    }
    return null;
  };
  const inner = search(machine?.States);
  if (!inner) return null;
  const state = machine.QueryLanguage && !inner.QueryLanguage ? { QueryLanguage: machine.QueryLanguage, ...inner } : inner;
  return { definition: JSON.stringify(state), stateName: null, state };
}

/** A starting mock for the states that take one: a result of the right kind. */
function defaultMock(state) {
  if (!MOCKABLE.has(state?.Type)) return '';
  const result = state.Type === 'Map' ? [] : state.Type === 'Parallel' ? (state.Branches ?? []).map(() => ({})) : {};
  return JSON.stringify({ result: JSON.stringify(result) }, null, 2);
}

/** The request body from the form's texts; throws with a message when a JSON field does not
 * parse. Empty fields are left out, as the AWS CLI leaves them out. */
export function buildRequest(located, draft) {
  const request = { definition: located.definition };
  if (located.stateName) request.stateName = located.stateName;
  request.input = draft.input.trim() || '{}';
  if (draft.context.trim()) request.context = draft.context.trim();
  if (draft.variables.trim()) request.variables = draft.variables.trim();
  request.inspectionLevel = draft.level;
  const object = (text, what) => {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Error(`${what} is not JSON: ${error.message}`);
    }
  };
  if (draft.mock.trim()) request.mock = object(draft.mock, 'Mock');
  if (draft.configuration.trim()) request.stateConfiguration = object(draft.configuration, 'State configuration');
  return request;
}

/** The AWS CLI command and the request body it reads. */
export function cliCommand(request) {
  const command = 'aws stepfunctions test-state --cli-input-json file://test-state-request.json';
  const note = request.mock ? '' : '\n# A Task without a mock calls the service: add "roleArn" to the body.';
  return `${command}${note}\n\n# test-state-request.json\n${JSON.stringify(request, null, 2)}`;
}

function field(label, key, draft, rows, testid) {
  const wrap = document.createElement('label');
  wrap.className = 'test-state-field';
  wrap.textContent = label;
  const area = document.createElement('textarea');
  area.rows = rows;
  area.spellcheck = false;
  area.value = draft[key];
  area.setAttribute('data-testid', testid);
  area.addEventListener('input', () => (draft[key] = area.value));
  wrap.append(area);
  return wrap;
}

function showResult(out, answer) {
  out.replaceChildren();
  const summary = document.createElement('p');
  summary.setAttribute('data-testid', 'test-state-summary');
  const pre = document.createElement('pre');
  pre.setAttribute('data-testid', 'test-state-response');
  if (answer.refused) {
    summary.className = 'test-state-refused';
    summary.textContent = `Refused (${answer.refused.error}): ${answer.refused.message}`;
    out.append(summary);
    return;
  }
  const r = answer.response;
  summary.className = `test-state-status status-${r.status}`;
  summary.textContent = r.nextState ? `${r.status} → next state: ${r.nextState}` : r.status;
  pre.textContent = JSON.stringify(r, null, 2);
  out.append(summary);
  // Where it would go next: one click inspects (and tests) that state.
  if (r.nextState && locateState(runnableDefinition(), r.nextState)) {
    const next = document.createElement('button');
    next.type = 'button';
    next.textContent = `Go to ${r.nextState}`;
    next.setAttribute('data-testid', 'test-state-next');
    next.addEventListener('click', () => emit('select', { state: r.nextState }));
    out.append(next);
  }
  out.append(pre);
}

/** The "Test this state" section for state `name`; `visit` (if the state ran) gives the input. */
export function testStatePanel(name, visit) {
  const located = locateState(runnableDefinition(), name);
  const details = document.createElement('details');
  details.className = 'test-state';
  details.setAttribute('data-testid', 'test-state');
  const summary = document.createElement('summary');
  summary.textContent = 'Test this state (TestState)';
  details.append(summary);
  if (!located) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = 'The definition must be valid JSON that declares this state.';
    details.append(p);
    return details;
  }
  const key = name;
  if (!drafts.has(key)) {
    drafts.set(key, {
      open: false,
      // The visit's input when the state ran; the execution input for the first state.
      input: visit?.input ?? (located.isStart && app.input.trim() ? app.input : '{}'),
      context: '',
      variables: '',
      mock: defaultMock(located.state),
      configuration: '',
      level: 'DEBUG',
      answer: null,
    });
  }
  const draft = drafts.get(key);
  details.open = draft.open;
  details.addEventListener('toggle', () => (draft.open = details.open));
  const level = document.createElement('select');
  level.setAttribute('data-testid', 'test-state-level');
  level.setAttribute('aria-label', 'Inspection level');
  for (const l of LEVELS) level.append(new Option(l, l, false, l === draft.level));
  level.addEventListener('change', () => (draft.level = level.value));
  const run = document.createElement('button');
  run.type = 'button';
  run.textContent = 'Test';
  run.setAttribute('data-testid', 'test-state-run');
  const cli = document.createElement('button');
  cli.type = 'button';
  cli.textContent = 'AWS CLI';
  cli.setAttribute('data-testid', 'test-state-cli');
  const bar = document.createElement('div');
  bar.className = 'test-state-bar';
  bar.append(level, run, cli);
  const out = document.createElement('div');
  out.className = 'test-state-out';
  out.setAttribute('aria-live', 'polite');
  details.append(
    field('Input', 'input', draft, 3, 'test-state-input'),
    field('Mock (result | errorOutput, fieldValidationMode)', 'mock', draft, 3, 'test-state-mock'),
    field('Context', 'context', draft, 2, 'test-state-context'),
    field('Variables', 'variables', draft, 2, 'test-state-variables'),
    field('State configuration', 'configuration', draft, 2, 'test-state-configuration'),
    bar,
    out,
  );
  const fail = (message) => {
    draft.answer = { refused: { error: 'Request', message } };
    showResult(out, draft.answer);
  };
  if (draft.answer) showResult(out, draft.answer);
  run.addEventListener('click', async () => {
    let request;
    try {
      request = buildRequest(located, draft);
    } catch (error) {
      return fail(error.message);
    }
    try {
      const module = await sourcesModule();
      draft.answer = JSON.parse(module.testState(JSON.stringify(request)));
      showResult(out, draft.answer);
    } catch (error) {
      fail(describeError(error).message ?? String(error));
    }
  });
  cli.addEventListener('click', () => {
    let request;
    try {
      request = buildRequest(located, draft);
    } catch (error) {
      return fail(error.message);
    }
    const pre = document.createElement('pre');
    pre.setAttribute('data-testid', 'test-state-command');
    pre.textContent = cliCommand(request);
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'copy';
    copy.textContent = 'Copy';
    copy.addEventListener('click', () => copyText(pre.textContent, copy));
    out.replaceChildren(copy, pre);
  });
  return details;
}
