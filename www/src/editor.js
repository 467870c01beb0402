// The three CodeMirror 6 editors (definition, input, mocks), their lint underlines, the
// problems list under the definition, and the mock test-case picker.
//
// CodeMirror is loaded on demand (codemirror.js, a chunk of its own): it is most of the
// page's own JavaScript, and evaluating it before the first diagram delayed that diagram
// (bench/README, "Page: the first diagram and the first Run"). Until the editors mount,
// `state` holds the texts and setText writes there.
import { state, emit, on } from './state.js';

const views = {};

/** The CodeMirror exports (codemirror.js), once loaded. */
let cm = null;

function makeEditor(name, parent, extra = []) {
  const { EditorView, EditorState, basicSetup, json, theme, lintGutter, runKey } = cm;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: state[name],
      extensions: [
        runKey,
        basicSetup,
        json(),
        theme,
        lintGutter(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': `${name} (JSON)` }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) {
            state[name] = update.state.doc.toString();
            emit('documents', name);
          }
        }),
        ...extra,
      ],
    }),
  });
  views[name] = view;
  return view;
}

/** Loads CodeMirror and mounts the three editors on the texts `state` holds then. */
export async function mountEditors() {
  cm = await import('./codemirror.js');
  makeEditor('definition', document.getElementById('definition-editor'));
  makeEditor('input', document.getElementById('input-editor'), [cm.linter(cm.jsonParseLinter(), { delay: 300 })]);
  makeEditor('mocks', document.getElementById('mocks-editor'));
  document.getElementById('test-case').addEventListener('change', (e) => {
    state.testCase = e.target.value ? JSON.parse(e.target.value) : null;
    emit('documents', 'testCase');
  });
  on('analysis', showDefinitionProblems);
  on('mocks', showMocksProblems);
  // The playground mounts the editors after its first checks (main.js): show what they found.
  if (state.analysis) showDefinitionProblems({ text: state.definition, result: state.analysis });
  if (state.mocksResult) showMocksProblems({ text: state.mocks, result: state.mocksResult });
}

/** Replaces an editor's whole text (examples, restore). */
export function setText(name, text) {
  const view = views[name];
  if (!view) {
    // Not mounted yet: the editor will open on this text.
    state[name] = text;
    emit('documents', name);
    return;
  }
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

function toCodeMirror(diagnostics, doc) {
  const length = doc.length;
  return diagnostics.map((d) => {
    const from = Math.min(Math.max(0, d.from ?? 0), length);
    const to = Math.min(Math.max(from, d.to ?? from), length);
    return {
      from,
      to,
      severity: d.severity === 'warning' ? 'warning' : 'error',
      message: d.message,
      source: d.code,
    };
  });
}

function showDefinitionProblems({ text, result }) {
  const view = views.definition;
  if (!view || view.state.doc.toString() !== text) return; // stale: a newer check follows
  const diagnostics = result.diagnostics ?? [];
  view.dispatch(cm.setDiagnostics(view.state, toCodeMirror(diagnostics, view.state.doc)));
  const list = document.getElementById('problems');
  list.replaceChildren();
  const label = document.getElementById('definition-state');
  if (result.failure) {
    label.textContent = result.failure.message;
    return;
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  label.textContent = errors ? `✗ ${errors} error${errors > 1 ? 's' : ''}` : diagnostics.length ? '⚠ warnings' : '✓ valid';
  label.dataset.valid = String(result.valid);
  for (const d of diagnostics) {
    const li = document.createElement('li');
    li.dataset.testid = 'problem';
    li.dataset.severity = d.severity;
    li.dataset.line = String(d.line);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'problem';
    const where = document.createElement('span');
    where.className = 'where';
    where.textContent = `${d.severity === 'error' ? '✗' : '⚠'} ${d.line}:${d.column}`;
    const message = document.createElement('span');
    message.className = 'message';
    message.textContent = d.message;
    const code = document.createElement('span');
    code.className = 'code muted';
    code.textContent = `${d.code} ${d.pointer}`;
    button.append(where, message, code);
    button.addEventListener('click', () => jumpTo('definition', d.from, d.to));
    li.append(button);
    list.append(li);
  }
}

function showMocksProblems({ text, result }) {
  const view = views.mocks;
  if (!view || view.state.doc.toString() !== text) return;
  const diagnostics = result.diagnostics ?? [];
  view.dispatch(cm.setDiagnostics(view.state, toCodeMirror(diagnostics, view.state.doc)));
  const select = document.getElementById('test-case');
  const cases = result.testCases ?? [];
  const values = cases.map((tc) => JSON.stringify({ stateMachine: tc.stateMachine, testCase: tc.testCase }));
  // With no test cases, tasks get the core's default responses.
  select.replaceChildren(
    ...(cases.length
      ? cases.map((tc, i) => new Option(`${tc.stateMachine} / ${tc.testCase}`, values[i]))
      : [new Option(text.trim() ? '(no test cases)' : '(no mocks: default responses)', '')]),
  );
  const wanted = state.testCase ? JSON.stringify({ stateMachine: state.testCase.stateMachine, testCase: state.testCase.testCase }) : '';
  select.value = values.includes(wanted) ? wanted : values[0] ?? '';
  state.testCase = select.value ? JSON.parse(select.value) : null;
}

/** Selects a range in an editor and scrolls it into view. */
export function jumpTo(name, from, to) {
  const view = views[name];
  if (!view) return;
  const length = view.state.doc.length;
  const anchor = Math.min(from ?? 0, length);
  const head = Math.min(Math.max(anchor, to ?? anchor), length);
  view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
  view.focus();
}
