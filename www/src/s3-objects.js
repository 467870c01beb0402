// The run's S3 objects: after a run on the virtual S3 (docs/distributed-map.md), the objects
// it read (an ItemReader, an S3 getObject task) and wrote (a ResultWriter's manifest and
// result files, an S3 putObject task), with their content: JSON pretty-printed, anything
// else as text, a large object cut at what the Worker sends (map-run.js's S3_MAX_CHARS).
// The list arrives with the Map Run summary (worker.js 'mapRun'): one request for both.
import { state, on } from './state.js';
import { showValue } from './value-view.js';

let panel = null;
/** The run the list belongs to: another run clears it. */
let listedFor = null;

const el = (tag, { dataset = {}, ...props } = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  for (const [k, v] of Object.entries(dataset)) node.dataset[k] = v;
  node.append(...children);
  return node;
};

/** "1.4 KB" for 1,382 bytes. */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** How an object is shown: JSON (a .json key, or content that parses) pretty-printed. */
function contentSource(object) {
  if (!object.truncated && /\.json$/i.test(object.key)) return { json: object.content };
  if (!object.truncated && /^\s*[[{]/.test(object.content)) {
    try {
      return { value: JSON.parse(object.content) };
    } catch {
      // Not JSON after all: as text.
    }
  }
  return { text: object.content };
}

function objectView(object) {
  const marks = [object.read && 'read', object.written && 'written'].filter(Boolean);
  const item = el('details', { className: 's3-object', dataset: { testid: 's3-object', key: object.key, marks: marks.join(' ') } },
    el('summary', {},
      ...marks.map((m) => el('span', { className: `s3-mark s3-${m}`, textContent: m })),
      el('span', { className: 's3-path', textContent: `s3://${object.bucket}/${object.key}` }),
      el('span', { className: 'muted', textContent: ` ${formatSize(object.size)}` })));
  item.addEventListener('toggle', () => {
    if (!item.open || item.querySelector('pre')) return;
    const pre = el('pre', { className: 'output s3-content', dataset: { testid: 's3-content' } });
    item.append(pre);
    showValue(pre, contentSource(object));
    if (object.truncated) {
      item.append(el('p', { className: 'muted', textContent: `Showing the first ${object.content.length.toLocaleString('en-US')} characters of ${formatSize(object.size)}; asl run --s3-out DIR saves the whole object.` }));
    }
  });
  return item;
}

function render(objects) {
  if (!objects?.length) {
    panel.hidden = true;
    panel.querySelector('.s3-body').replaceChildren();
    return;
  }
  panel.hidden = false;
  const read = objects.filter((o) => o.read).length;
  const written = objects.filter((o) => o.written).length;
  panel.querySelector('summary').textContent = `S3 objects: ${read} read, ${written} written`;
  panel.querySelector('.s3-body').replaceChildren(...objects.map(objectView));
}

/** Mounts the list into `container` (a <details>, hidden until a run touched S3). */
export function mountS3Objects(container) {
  if (!container) return;
  panel = container;
  panel.hidden = true;
  panel.append(el('div', { className: 's3-body', dataset: { testid: 's3-objects' } }));
  on('mapRun', ({ s3, start }) => {
    // Later pages of the Map Run list repeat the same objects.
    if (start && listedFor === state.run) return;
    listedFor = state.run;
    render(s3);
  });
  on('run', () => {
    // A child shown in the Map Run view belongs to the same run: keep the list.
    if (state.run !== listedFor && state.run.mapRunChild === undefined) {
      listedFor = null;
      render(null);
    }
  });
}
