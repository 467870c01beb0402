// "Restore previous work": the drafts that links, examples and restored drafts replaced
// (storage.js keeps them), offered back from the top bar; and one notice line for what the
// page could not keep (fields dropped from storage, a full quota). Everything is set as text.
import { on } from './state.js';
import { readDrafts, takeDraft } from './storage.js';

/** Characters of a draft searched for its name (a whole definition may be megabytes). */
const NAME_SCAN_CHARS = 4000;

/** A short name for a draft: its Comment or StartAt, else its first characters. */
export function draftName(definition) {
  const head = String(definition ?? '').slice(0, NAME_SCAN_CHARS);
  const match = /"(?:Comment|StartAt)"\s*:\s*"((?:[^"\\]|\\.){1,60})/.exec(head);
  const name = match ? match[1] : head.replace(/\s+/g, ' ').trim().slice(0, 40);
  return name || '(empty)';
}

const when = (ms) => (ms ? new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }) : 'earlier');

/**
 * Adds the "Restore previous work" button (hidden while there are no drafts) and the notice
 * line. `open(draft)` puts a draft back into the editors. Returns { say(text, kind), add(text, kind) }.
 */
export function mountDrafts({ open }) {
  const bar = document.querySelector('.topbar') ?? document.body;
  const wrap = document.createElement('span');
  wrap.className = 'drafts';
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'restore-draft';
  button.dataset.testid = 'restore-draft';
  button.textContent = '↶ Restore previous work';
  button.title = 'Drafts that a link or an example replaced';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'draft-list');
  const list = document.createElement('ul');
  list.id = 'draft-list';
  list.className = 'draft-list';
  list.dataset.testid = 'draft-list';
  list.hidden = true;
  wrap.append(button, list);
  const controls = bar.querySelector('.controls');
  if (controls) controls.before(wrap);
  else bar.append(wrap);

  // A toast in a corner: it can appear at any time (a save fails 250 ms after a keystroke),
  // and must not move what the user is about to click.
  const notice = document.createElement('div');
  notice.className = 'storage-notice';
  notice.dataset.testid = 'storage-notice';
  notice.setAttribute('role', 'status');
  notice.hidden = true;
  const message = document.createElement('span');
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.className = 'dismiss';
  dismiss.textContent = '×';
  dismiss.setAttribute('aria-label', 'Dismiss');
  dismiss.addEventListener('click', () => say(''));
  notice.append(message, dismiss);
  document.body.append(notice);
  const say = (text, kind = 'info') => {
    message.textContent = text;
    notice.dataset.kind = kind;
    notice.hidden = !text;
  };
  /** Adds a sentence after what the notice already says (what storage dropped stays). */
  const add = (text, kind = 'info') => {
    if (notice.hidden || !message.textContent || message.textContent.endsWith(text)) return say(text, kind);
    say(`${message.textContent} ${text}`, notice.dataset.kind === 'error' ? 'error' : kind);
  };

  const render = (drafts = readDrafts()) => {
    wrap.hidden = drafts.length === 0;
    if (!drafts.length) close();
    list.replaceChildren(...drafts.map((draft, i) => {
      const item = document.createElement('li');
      const choose = document.createElement('button');
      choose.type = 'button';
      choose.dataset.testid = 'draft-item';
      choose.textContent = `${draftName(draft.definition)} · ${when(draft.savedAt)}${draft.reason ? ` · replaced by ${draft.reason}` : ''}`;
      choose.addEventListener('click', () => {
        close();
        const taken = takeDraft(i);
        if (taken) open(taken);
      });
      item.append(choose);
      return item;
    }));
  };
  const close = () => {
    list.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  button.addEventListener('click', () => {
    if (!list.hidden) return close();
    render();
    list.hidden = false;
    button.setAttribute('aria-expanded', 'true');
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') close();
  });

  on('drafts', render);
  on('storage', (report) => {
    if (report.kind === 'failed') {
      const since = report.lastSaved ? ` The last saved version is from ${report.lastSaved.toLocaleTimeString()}.` : '';
      say(report.full
        ? `Your latest changes could not be saved: this browser's storage for the page is full.${since} Use Share or Export to keep a copy.`
        : `Your changes cannot be saved in this browser (${report.message}).${since}`, 'error');
    } else if (report.kind === 'saved') {
      say(report.removed ? `Storage was full: the ${report.removed} oldest kept draft${report.removed > 1 ? 's were' : ' was'} removed to save your work.` : '');
    } else if (report.kind === 'draft-lost') {
      say('Your previous work could not be kept (storage is full); Undo (Ctrl/Cmd+Z) in the editors still brings it back in this tab.', 'error');
    }
  });
  render();
  return { say, add };
}
