// Export: the diagram as SVG or PNG (with the run's colours), the Mermaid text, the execution
// history (GetExecutionHistory shape), the mock file, and ready-to-paste deployment snippets
// (AWS CLI create-state-machine and a CloudFormation AWS::StepFunctions::StateMachine).
//
// The builders are pure functions (exported for tests); mountExport adds the buttons.
import { state, settleEvents } from './state.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Shapes whose computed colours carry the run's status. */
const SHAPES = 'rect, polygon, circle, ellipse, path, line, polyline';
const PAINT = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity'];
const TEXT_PAINT = ['fill', 'font-family', 'font-size', 'font-weight'];

/**
 * A standalone SVG document of the diagram as it looks now: statuses' colours, which live in
 * the page's stylesheet, are copied onto the elements so they survive outside the page.
 */
export function diagramSvg(svg = document.querySelector('#diagram svg'), { background } = {}) {
  if (!svg) throw new Error('There is no diagram to export yet.');
  const clone = svg.cloneNode(true);
  const live = [...svg.querySelectorAll('*')];
  const copies = [...clone.querySelectorAll('*')];
  live.forEach((element, i) => {
    const copy = copies[i];
    if (!copy || !(element instanceof SVGElement)) return;
    const props = element.matches(SHAPES) ? PAINT : element.matches('text, tspan') ? TEXT_PAINT : null;
    if (!props) return;
    const style = getComputedStyle(element);
    for (const prop of props) {
      const value = style.getPropertyValue(prop);
      if (value) copy.style.setProperty(prop, value);
    }
  });
  // Size from the viewBox; drop the page's zoom transform.
  const box = svg.viewBox?.baseVal;
  const width = Math.ceil(box?.width || svg.getBBox?.().width || 800);
  const height = Math.ceil(box?.height || svg.getBBox?.().height || 600);
  clone.removeAttribute('style');
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (background) {
    const rect = document.createElementNS(SVG_NS, 'rect');
    rect.setAttribute('x', String(box?.x ?? 0));
    rect.setAttribute('y', String(box?.y ?? 0));
    rect.setAttribute('width', '100%');
    rect.setAttribute('height', '100%');
    rect.setAttribute('fill', background);
    clone.insertBefore(rect, clone.firstChild);
  }
  return { text: new XMLSerializer().serializeToString(clone), width, height };
}

/**
 * The diagram as a PNG blob: the SVG drawn onto a canvas. The SVG goes through a data: URL
 * rather than a blob: URL because the page's CSP allows images from 'self' and data: only.
 */
export async function diagramPng(svg, scale = 2) {
  const background = getComputedStyle(document.body).backgroundColor || '#ffffff';
  const { text, width, height } = diagramSvg(svg, { background });
  const image = new Image();
  image.decoding = 'sync';
  const loaded = new Promise((resolve, reject) => {
    image.onload = resolve;
    image.onerror = () => reject(new Error('The diagram could not be drawn as an image.'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed.'))), 'image/png'),
  );
}

/** The run's history in the GetExecutionHistory response shape. */
export function historyJson(events = state.run.events) {
  return `${JSON.stringify({ events }, null, 2)}\n`;
}

/** A state machine name AWS accepts (1-80 of A-Z a-z 0-9 - _), from a hint. */
export function stateMachineName(hint) {
  const name = String(hint ?? '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return name || 'MyStateMachine';
}

/** `aws stepfunctions create-state-machine …` for the definition saved as `file`. */
export function awsCliCommand({ name = 'MyStateMachine', file = 'definition.asl.json' } = {}) {
  const safe = stateMachineName(name);
  return [
    `aws stepfunctions create-state-machine \\`,
    `  --name ${safe} \\`,
    `  --definition file://${file} \\`,
    `  --role-arn arn:aws:iam::123456789012:role/StepFunctionsExecutionRole`,
    '',
  ].join('\n');
}

/**
 * Characters JSON.stringify leaves as they are but YAML does not: U+0085, U+2028 and U+2029
 * are line breaks to YAML 1.1 parsers (PyYAML, hence the AWS CLI and cfn-lint), so a Comment
 * holding one could end the block scalar and add its own resources to the template; DEL, the
 * other C1 controls and U+FEFF/U+FFFE/U+FFFF are not printable YAML. In JSON they can only be
 * inside strings, where a \uXXXX escape is the same value.
 */
const YAML_UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
/** Every line break a YAML 1.1 parser sees. */
const YAML_LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/;

/** JSON text with the YAML-unsafe characters escaped (same JSON value). */
export function yamlSafeJson(json) {
  return json.replace(YAML_UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A CloudFormation (YAML) resource with the definition inline as DefinitionString. */
export function cloudFormationSnippet(definitionText = state.definition, { name = 'MyStateMachine' } = {}) {
  const safe = stateMachineName(name);
  const logical = safe.replace(/[^A-Za-z0-9]/g, '') || 'StateMachine';
  let json = definitionText;
  // The block scalar's indentation: found from the first line for JSON (it starts with a
  // bracket), stated (8 = 6 + 2) for other text, whose first line may start with spaces.
  let block = '|2';
  try {
    json = yamlSafeJson(JSON.stringify(JSON.parse(definitionText), null, 2));
    block = '|';
  } catch {
    // Not JSON: keep the text (CloudFormation will say what is wrong), but indent every line
    // YAML sees, so no line of it can leave the block scalar.
  }
  const body = json.split(YAML_LINE_BREAK).map((line) => `        ${line}`).join('\n');
  return [
    'Resources:',
    `  ${logical}:`,
    '    Type: AWS::StepFunctions::StateMachine',
    '    Properties:',
    `      StateMachineName: ${safe}`,
    '      RoleArn: !Sub arn:aws:iam::${AWS::AccountId}:role/StepFunctionsExecutionRole',
    `      DefinitionString: ${block}`,
    body,
    '',
  ].join('\n');
}

/** Saves a blob or text under `filename` through a temporary link. */
export function download(filename, content, type = 'application/json') {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function nameHint() {
  try {
    return JSON.parse(state.definition)?.Comment?.split(/[.:]/)[0] ?? '';
  } catch {
    return '';
  }
}

/**
 * Adds the export buttons to `container`, and a panel that shows the deployment snippets.
 * `options.onMessage(text, kind)` reports what happened (default: the panel's status line).
 */
export function mountExport(container, options = {}) {
  container.classList.add('export');
  container.dataset.testid = 'export';
  const status = document.createElement('span');
  status.className = 'export-status muted';
  status.setAttribute('role', 'status');
  status.dataset.testid = 'export-status';
  const say = options.onMessage ?? ((text, kind = 'info') => {
    status.textContent = text;
    status.dataset.kind = kind;
  });
  const snippet = document.createElement('pre');
  snippet.className = 'export-snippet';
  snippet.dataset.testid = 'export-snippet';
  snippet.hidden = true;

  const guard = (fn) => async () => {
    try {
      await fn();
    } catch (error) {
      say(String(error?.message ?? error), 'error');
    }
  };
  const showSnippet = async (text, what) => {
    snippet.textContent = text;
    snippet.hidden = false;
    say((await copy(text)) ? `${what} copied to the clipboard.` : `${what} shown below.`);
  };
  const actions = [
    ['svg', 'SVG', 'Download the diagram as SVG', () => {
      download('state-machine.svg', diagramSvg().text, 'image/svg+xml');
      say('Diagram saved as SVG.');
    }],
    ['png', 'PNG', 'Download the diagram as PNG', async () => {
      download('state-machine.png', await diagramPng());
      say('Diagram saved as PNG.');
    }],
    ['mermaid', 'Mermaid', 'Copy the Mermaid text of the diagram', async () => {
      if (!state.graph?.text) throw new Error('There is no diagram to copy yet.');
      await showSnippet(state.graph.text, 'Mermaid text');
    }],
    ['history', 'History', 'Download the run history (GetExecutionHistory JSON)', () => {
      settleEvents();
      if (!state.run.events.length) throw new Error('Run the state machine first: there is no history yet.');
      download('execution-history.json', historyJson());
      say('History saved.');
    }],
    ['mocks', 'Mocks', 'Download the mock file (Step Functions Local MockConfigFile)', () => {
      if (!state.mocks.trim()) throw new Error('The mock file is empty.');
      download('mocks.json', state.mocks.endsWith('\n') ? state.mocks : `${state.mocks}\n`);
      say('Mock file saved.');
    }],
    ['aws-cli', 'AWS CLI', 'Copy an aws stepfunctions create-state-machine command', () =>
      showSnippet(awsCliCommand({ name: nameHint() }), 'AWS CLI command')],
    ['cloudformation', 'CloudFormation', 'Copy a CloudFormation resource with this definition', () =>
      showSnippet(cloudFormationSnippet(state.definition, { name: nameHint() }), 'CloudFormation snippet')],
  ];
  const bar = document.createElement('div');
  bar.className = 'export-buttons';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Export');
  for (const [id, label, title, fn] of actions) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.testid = `export-${id}`;
    button.title = title;
    button.textContent = label;
    button.addEventListener('click', guard(fn));
    bar.append(button);
  }
  container.replaceChildren(bar, status, snippet);
  return container;
}
