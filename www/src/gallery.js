// The examples gallery: every folder under examples/ (definition, input, mocks, example.json)
// bundled at build time through Vite's import.meta.glob, and a panel that lists them with a
// title, a one-line description and an `#example=<id>` link (share.js opens those).
//
// Files arrive as raw text so the editors show them exactly as written.
const files = import.meta.glob('../../examples/*/*.json', { eager: true, query: '?raw', import: 'default' });

/** Builds the gallery from { path: text } (exported for tests). Ignores incomplete folders. */
export function buildGallery(sources) {
  const folders = new Map();
  for (const [path, text] of Object.entries(sources)) {
    const match = /examples\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, id, name] = match;
    if (!folders.has(id)) folders.set(id, {});
    folders.get(id)[name] = text;
  }
  const gallery = new Map();
  for (const [id, f] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    if (!f['definition.asl'] || !f.example) continue;
    let meta;
    try {
      meta = JSON.parse(f.example);
    } catch {
      continue;
    }
    const testCases = meta.testCases && typeof meta.testCases === 'object' ? meta.testCases : {};
    const firstCase = Object.keys(testCases)[0] ?? null;
    gallery.set(id, {
      id,
      title: String(meta.title ?? id),
      description: String(meta.description ?? ''),
      testCases,
      definition: f['definition.asl'],
      input: f.input ?? '{}',
      mocks: f.mocks ?? '',
      // The mock files name their one state machine after the example.
      testCase: firstCase ? { stateMachine: id, testCase: firstCase } : null,
    });
  }
  return gallery;
}

/** id -> { id, title, description, testCases, definition, input, mocks, testCase } */
export const GALLERY = buildGallery(files);

/**
 * Renders the gallery into `container`: a list of cards, each a link to `#example=<id>`.
 * Everything is set as text: titles and descriptions never become markup.
 */
export function mountGallery(container, gallery = GALLERY) {
  container.classList.add('gallery');
  container.dataset.testid = 'gallery';
  const list = document.createElement('ul');
  list.className = 'gallery-list';
  for (const example of gallery.values()) {
    const item = document.createElement('li');
    item.className = 'gallery-item';
    item.dataset.example = example.id;
    const link = document.createElement('a');
    link.href = `#example=${encodeURIComponent(example.id)}`;
    link.className = 'gallery-open';
    link.dataset.testid = 'gallery-open';
    link.textContent = example.title;
    const description = document.createElement('p');
    description.className = 'gallery-description muted';
    description.textContent = example.description;
    const cases = document.createElement('p');
    cases.className = 'gallery-cases muted';
    cases.textContent = Object.entries(example.testCases)
      .map(([name, c]) => `${name}: ${c.status === 'SUCCEEDED' ? '✓' : '✗'} ${c.status}`)
      .join(' · ');
    item.append(link, description, cases);
    list.append(item);
  }
  container.replaceChildren(list);
  return list;
}
