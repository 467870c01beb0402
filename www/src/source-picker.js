// For a YAML definition or a template in the definition editor (loadSource, wasm.js): which
// of its state machines the diagram and Run use, and a small table of placeholder values
// (`${NAME}` substitutions and `Ref`/`Fn::GetAtt` parameters). Changing either asks for the
// definition to be checked again ('source-options'); the core does the resolving.
import { state, on, emit } from './state.js';

let panel = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function optionsChanged() {
  emit('source-options');
}

function picker(result) {
  const select = el('select', { 'data-testid': 'state-machine-resource', 'aria-label': 'State machine' });
  if (!result.selected) select.append(new Option('Choose a state machine…', ''));
  for (const m of result.machines) {
    select.append(new Option(`${m.logicalId} (${m.resourceType}, line ${m.line})`, m.logicalId));
  }
  select.value = result.selected ?? '';
  select.addEventListener('change', () => {
    state.source.stateMachine = select.value || null;
    optionsChanged();
  });
  return el('label', { class: 'source-picker' }, 'State machine ', select);
}

/** Rows of { kind: 'substitutions' | 'parameters', name, value }, plus an empty row. */
function table() {
  const rows = [];
  for (const kind of ['substitutions', 'parameters']) {
    for (const [name, value] of Object.entries(state.source[kind])) rows.push({ kind, name, value });
  }
  rows.push({ kind: 'substitutions', name: '', value: '' });
  const body = el('tbody');
  const collect = () => {
    const next = { substitutions: {}, parameters: {} };
    for (const tr of body.querySelectorAll('tr')) {
      const [kind, name, value] = [...tr.querySelectorAll('select, input')].map((i) => i.value);
      if (name.trim()) next[kind][name.trim()] = value;
    }
    state.source.substitutions = next.substitutions;
    state.source.parameters = next.parameters;
    optionsChanged();
  };
  for (const row of rows) {
    const kind = el('select', { 'aria-label': 'Kind' });
    kind.append(new Option('${NAME}', 'substitutions'), new Option('Ref / GetAtt', 'parameters'));
    kind.value = row.kind;
    const name = el('input', { 'aria-label': 'Name', placeholder: 'NAME', value: row.name });
    const value = el('input', { 'aria-label': 'Value', placeholder: 'value', value: row.value });
    for (const input of [kind, name, value]) input.addEventListener('change', collect);
    body.append(el('tr', { 'data-testid': 'substitution-row' }, el('td', {}, kind), el('td', {}, name), el('td', {}, value)));
  }
  return el('details', { class: 'source-substitutions' },
    el('summary', {}, 'Substitutions and parameters'),
    el('table', {}, body));
}

function render({ result }) {
  const isSource = Array.isArray(result?.machines);
  panel.hidden = !isSource;
  panel.dataset.format = isSource ? result.format : '';
  if (!isSource) return;
  // Keep the table while the user types in it; rebuild the picker each time.
  panel.querySelector('.source-picker')?.remove();
  if (result.machines.length > 0) panel.prepend(picker(result));
  if (!panel.querySelector('.source-substitutions') && result.format !== 'asl-json') panel.append(table());
}

export function mountSourcePicker() {
  const problems = document.getElementById('problems');
  panel = el('div', { class: 'source-panel', 'data-testid': 'source-panel' });
  panel.hidden = true;
  problems?.before(panel);
  on('analysis', render);
}
