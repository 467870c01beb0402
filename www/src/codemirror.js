// Everything the editors take from CodeMirror, in one module so that the bundler puts it in a
// chunk of its own, loaded when the editors mount (editor.js) instead of before the first
// diagram.
import { keymap } from '@codemirror/view';
import { oneDark } from '@codemirror/theme-one-dark';
import { emit } from './state.js';

export { basicSetup } from 'codemirror';
export { EditorView } from '@codemirror/view';
export { EditorState } from '@codemirror/state';
export { json, jsonParseLinter } from '@codemirror/lang-json';
export { lintGutter, linter, setDiagnostics } from '@codemirror/lint';

/** Dark editors when the system asks for dark (read once, like the diagram). */
export const theme = window.matchMedia?.('(prefers-color-scheme: dark)').matches ? [oneDark] : [];

/** Ctrl/Cmd+Enter runs from any editor. */
export const runKey = keymap.of([{ key: 'Mod-Enter', preventDefault: true, run: () => (emit('command', 'run'), true) }]);
