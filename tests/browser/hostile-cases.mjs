// The hostile-input table for hostile.test.mjs. Each case fills some of the three editors
// (as a paste), optionally runs, and names where the user must read about it:
//   definition, input, mocks  editor texts (strings; omitted = leave the default example's)
//   run                        press Run after the documents are checked
//   expect                     RegExp the page's message areas must match (problems list,
//                              definition label, diagram message, status, output)
//   literal                    a payload that must appear verbatim as *text* in `where`
//   where                      selector holding `literal` ('output' | 'events' | 'inspector' | 'diagram')
//   stop                       press Stop while running and expect ABORTED
//   timeout                    ms to wait for `expect` (default 20 s)
//   todo                       a known bug, reported as TODO until fixed
//   measure                    print Run → final status (ms) and the tab's memory (bench/README.md)
// Payloads try to set window.__pwned or open a dialog; the suite fails if either happens.

export const XSS = [
  '<img src=x onerror="window.__pwned=true">',
  '<script>window.__pwned=true</script>',
  '<svg onload="window.__pwned=true"></svg>',
  '"><iframe srcdoc="<script>parent.__pwned=true</script>">',
  'javascript:window.__pwned=true',
  '<a href="javascript:alert(1)">x</a>',
  "'\"><details open ontoggle=alert(1)>",
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
];

const pass = (name, extra = {}) => ({ Type: 'Pass', End: true, ...extra });
const machine = (states, startAt = Object.keys(states)[0], extra = {}) =>
  JSON.stringify({ Comment: 'hostile', StartAt: startAt, States: states, ...extra }, null, 2);
const single = (name, extra = {}) => machine({ [name]: pass(name, extra) });

const NO_MOCKS = '';
const ok = /SUCCEEDED/;

const cases = [];
const add = (c) => cases.push({ mocks: NO_MOCKS, input: '{}', ...c });

// 1. Script and HTML in every user-controlled string.
XSS.forEach((p, i) => add({
  name: `state name with HTML #${i}`, definition: single(p), run: true, expect: ok,
  literal: p, where: 'diagram', inspect: p,
}));
add({ name: 'Comment with HTML', definition: machine({ A: pass('A', { Comment: XSS[0] }) }, 'A', { Comment: XSS[1] }), run: true, expect: ok });
add({ name: 'Pass Result with HTML (output value)', definition: machine({ A: pass('A', { Result: { html: XSS[0], s: XSS[1] } }) }), run: true, expect: ok, literal: XSS[0], where: 'output' });
add({ name: 'input with HTML', definition: single('A'), input: JSON.stringify({ a: XSS[2], [XSS[3]]: XSS[4] }), run: true, expect: ok, literal: XSS[2], where: 'output', events: XSS[2] });
add({ name: 'Fail Error/Cause with HTML', definition: machine({ F: { Type: 'Fail', Error: XSS[0], Cause: XSS[1] } }), run: true, expect: /FAILED/, literal: XSS[1], where: 'output', events: XSS[0] });
add({ name: 'Choice with HTML labels and values', definition: machine({
  [XSS[6]]: { Type: 'Choice', Choices: [{ Variable: '$.v', StringEquals: XSS[1], Next: XSS[0] }], Default: XSS[2] },
  [XSS[0]]: pass(), [XSS[2]]: pass(),
}), input: JSON.stringify({ v: XSS[1] }), run: true, expect: ok, literal: XSS[0], where: 'diagram', inspect: XSS[0] });
add({ name: 'Task resource with HTML', definition: machine({ T: { Type: 'Task', Resource: `arn:aws:lambda:us-east-1:123456789012:function:${XSS[0]}`, End: true } }), run: true, expect: /SUCCEEDED|FAILED|\d+:\d+/ });
const mockFile = (responses, state = 'T') => JSON.stringify({
  StateMachines: { SM: { TestCases: { TC: { [state]: 'R' } } } },
  MockedResponses: { R: responses },
});
const task = machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true } });
add({ name: 'mock Return value with HTML', definition: task, mocks: mockFile({ 0: { Return: { Payload: XSS[0], [XSS[5]]: XSS[7] } } }), run: true, expect: ok, literal: XSS[7], where: 'output', events: XSS[0] });
add({ name: 'mock Throw Error/Cause with HTML', definition: task, mocks: mockFile({ 0: { Throw: { Error: XSS[1], Cause: XSS[0] } } }), run: true, expect: /FAILED/, literal: XSS[0], where: 'output', events: XSS[1] });
add({ name: 'mock test case names with HTML', definition: task, mocks: JSON.stringify({
  StateMachines: { [XSS[0]]: { TestCases: { [XSS[1]]: { T: 'R' } } } },
  MockedResponses: { R: { 0: { Return: 1 } } },
}), run: true, expect: ok });
add({ name: 'JSONata expression string with HTML', definition: machine({ A: pass('A', { Output: `{% '${XSS[0].replaceAll("'", '')}' & $string($states.input.x) %}` }) }, 'A', { QueryLanguage: 'JSONata' }), input: '{"x":"<b>"}', run: true, expect: ok, literal: '<b>', where: 'output' });
add({ name: 'JSONata error text with HTML', definition: machine({ A: pass('A', { Output: `{% $notAFunction('${XSS[1]}') %}` }) }, 'A', { QueryLanguage: 'JSONata' }), run: true, expect: /FAILED|\d+:\d+/ });
add({ name: 'JSONata Fail Error/Cause computed with HTML', definition: machine({ F: { Type: 'Fail', Error: "{% '<img src=x onerror=alert(1)>' %}", Cause: "{% $states.input.c %}" } }, 'F', { QueryLanguage: 'JSONata' }), input: JSON.stringify({ c: XSS[2] }), run: true, expect: /FAILED/, literal: XSS[2], where: 'output' });
add({ name: 'intrinsic States.Format with HTML', definition: machine({ A: pass('A', { Parameters: { 'x.$': "States.Format('<img src=x onerror={}>', $.v)" } }) }), input: '{"v":"alert(1)"}', run: true, expect: ok, literal: '<img src=x onerror=alert(1)>', where: 'output' });
add({ name: 'syntax error message with HTML', definition: `{"StartAt": "${XSS[0].replaceAll('"', '')}", "States": <script>alert(1)</script>}`, expect: /\d+:\d+/ });
add({ name: 'unknown field named with HTML', definition: single('A', { [XSS[0]]: 1 }), expect: /\d+:\d+/, literal: XSS[0], where: 'problems' });
add({ name: 'invalid input with HTML', definition: single('A'), input: `{"a": ${XSS[1]}}`, run: true, expect: /FAILED[\s\S]*not JSON/ });

// 2. Mermaid syntax and directives in labels.
const MERMAID = [
  '%%{init: {"securityLevel": "loose", "theme": "forest"}}%%',
  'click s0 call alert()',
  'click s0 href "javascript:alert(1)"',
  'A --> B',
  'end',
  'subgraph evil',
  'classDef red fill:#f00',
  'style s0 fill:#f00',
  'x:::red',
  '`**bold** _md_ string`',
  '#quot;#lt;script#gt;alert(1)#lt;/script#gt;',
  '"]; click s0 call alert(1); x["',
  'a\nclick s0 call alert(1)\n%%{init: {"securityLevel":"loose"}}%%',
  '[(db)] {{hex}} ((c)) >flag]',
  '&lt;img src=x onerror=alert(1)&gt;',
];
MERMAID.forEach((p, i) => add({
  name: `Mermaid syntax in a state name #${i}`,
  definition: machine({ [p]: { Type: 'Pass', Next: 'After' }, After: pass() }),
  run: true, expect: ok, literal: p, where: 'diagram', inspect: p,
}));
add({ name: 'Mermaid syntax in Choice label and Fail', definition: machine({
  C: { Type: 'Choice', Choices: [{ Variable: '$.v', StringEquals: 'end', Next: 'subgraph' }], Default: 'click s0 call alert()' },
  subgraph: pass(), 'click s0 call alert()': { Type: 'Fail', Error: '%%{init: {}}%%', Cause: 'classDef x' },
}), input: '{"v":"no"}', run: true, expect: /FAILED/, literal: 'classDef x', where: 'output' });

// Every other label kind (Choice condition, Catch error, state in a Parallel branch, Map
// title) through the same payloads: drawn as text, never as syntax or markup. The Parallel
// passes its input on (ResultPath null) so the Map finds its items.
[...XSS, ...MERMAID].forEach((p, i) => add({
  name: `payload in every label kind #${i}`,
  definition: machine({
    C: { Type: 'Choice', Choices: [{ Variable: '$.v', StringEquals: p, Next: 'P' }], Default: 'P' },
    P: { Type: 'Parallel', Next: p, ResultPath: null, Catch: [{ ErrorEquals: [p], Next: 'Done' }],
      Branches: [{ StartAt: `in ${p}`, States: { [`in ${p}`]: pass() } }, { StartAt: 'Other', States: { Other: pass() } }] },
    [p]: { Type: 'Map', ItemsPath: '$.items', Next: 'Done', ItemProcessor: { StartAt: 'Item', States: { Item: pass() } } },
    Done: { Type: 'Succeed' },
  }, 'C'),
  input: '{"v": "no", "items": [1]}', run: true, expect: ok, literal: p, where: 'diagram',
}));


// 3. Size and depth.
const chain = (n) => {
  const states = {};
  for (let i = 0; i < n; i++) states[`S${i}`] = i + 1 < n ? { Type: 'Pass', Next: `S${i + 1}` } : { Type: 'Pass', End: true };
  return JSON.stringify({ StartAt: 'S0', States: states });
};
add({ name: '10,000 states', definition: chain(10_000), run: true, expect: /SUCCEEDED/, diagramNote: /10,?000 states/, timeout: 60_000, big: true });
const deep = (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
add({ name: '10,000-deep JSON definition', definition: deep(10_000), expect: /deeper than/, big: true });
add({ name: '10,000-deep JSON input', definition: single('A'), input: deep(10_000), run: true, expect: /FAILED[\s\S]*deeper than/, big: true });
add({ name: '10,000-deep JSON array input', definition: single('A'), input: '['.repeat(10_000) + ']'.repeat(10_000), run: true, expect: /FAILED[\s\S]*deeper than/, big: true });
add({ name: '10,000-deep mocks', definition: task, mocks: deep(10_000), run: true, expect: /deeper than|FAILED/, big: true });
const fiveMb = () => {
  const rows = [];
  let size = 0;
  for (let i = 0; size < 5_000_000; i++) {
    const row = `  {"id": ${i}, "name": "item-${i}", "text": "${'lorem ipsum '.repeat(6)}"}`;
    rows.push(row);
    size += row.length + 2;
  }
  return `{"items": [\n${rows.join(',\n')}\n]}`;
};
add({ name: '5 MB input', definition: machine({ A: pass('A', { OutputPath: '$.items[0]' }) }), input: fiveMb(), run: true, expect: /FAILED[\s\S]*States\.DataLimitExceeded[\s\S]*input exceeds/, timeout: 60_000, big: true });
add({ name: 'Map over 100,000 items', definition: machine({ M: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'I', States: { I: pass() } }, End: true } }),
  input: JSON.stringify({ items: Array.from({ length: 100_000 }, (_, i) => i) }), run: true, expect: /(FAILED|SUCCEEDED)[\s\S]*\S/, timeout: 90_000, big: true });
// Distributed Maps over the virtual S3 (docs/distributed-map.md): a 10 MB CSV read by an
// ItemReader, and a CSV of 100,000 rows fanned out to one child each (each child has a
// history of its own; their 100,000 outputs exceed the Map's 256 KiB result).
const dmap = (reader, extra = {}) => machine({ M: { Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: { Bucket: 'b', Key: reader } },
  ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'I', States: { I: pass() } }, End: true, ...extra } });
const s3Mocks = (key, body) => JSON.stringify({ StateMachines: { SM: { TestCases: { TC: {} } } }, MockedResponses: {}, 'x-asl-playground': { s3: { b: { [key]: body } } } });
const csvOf = (bytes) => {
  const rows = ['id,name,text'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const row = `${i},item-${i},"${'lorem, ipsum '.repeat(4)}"`;
    rows.push(row);
    size += row.length + 1;
  }
  return rows.join('\n') + '\n';
};
// Without a ResultWriter the children's outputs are the Map's result, returned inline, so
// both end as AWS ends a state whose result exceeds the 256 KiB payload quota (States.
// DataLimitExceeded; the ResultWriter page: "Step Functions doesn't export these results by
// default"); with one (COMPACT: the outputs only, 1.3 MB in SUCCEEDED_0.json) the same
// 100,000 children succeed. `measure` prints Run → final status and the tab's memory.
const tooLarge = /FAILED[\s\S]*States\.DataLimitExceeded[\s\S]*'M' returned a result with a size exceeding the maximum number of bytes service limit/;
const ids = () => s3Mocks('ids.csv', 'id\n' + Array.from({ length: 100_000 }, (_, i) => i).join('\n') + '\n');
add({ name: 'Distributed Map reading a 10 MB CSV', definition: dmap('big.csv', { ItemBatcher: { MaxItemsPerBatch: 1000 } }), mocks: s3Mocks('big.csv', csvOf(10_000_000)), run: true, expect: tooLarge, timeout: 90_000, big: true, measure: true });
add({ name: 'Distributed Map fanning out 100,000 items', definition: dmap('ids.csv'), mocks: ids(), run: true, expect: tooLarge, timeout: 90_000, big: true, measure: true });
// Stopped while its children run (0.3 s in; the run takes about a second here): Stop must end
// it (ABORTED) within the suite's 2 s. A machine fast enough to finish first gets the result.
add({ name: 'Distributed Map fanning out 100,000 items (stopped)', definition: dmap('ids.csv', { ItemBatcher: { MaxItemsPerBatch: 1 } }), mocks: ids(), run: true, stop: 300, expect: /ABORTED|FAILED[\s\S]*States\.DataLimitExceeded/, timeout: 90_000, big: true });
add({ name: 'Distributed Map fanning out 100,000 items to a ResultWriter', definition: dmap('ids.csv', { ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'r' }, WriterConfig: { OutputType: 'JSON', Transformation: 'COMPACT' } } }),
  mocks: ids(), run: true, expect: /SUCCEEDED[\s\S]*ResultWriterDetails[\s\S]*manifest\.json/, timeout: 90_000, big: true, measure: true });
add({ name: 'JSONata infinite recursion', definition: machine({ A: pass('A', { Output: '{% ($f := function($x) { $f($x + 1) }; $f(0)) %}' }) }, 'A', { QueryLanguage: 'JSONata' }), run: true, expect: /FAILED[\s\S]*(Error|Cause)/, timeout: 60_000 });
add({ name: 'JSONata huge range (stopped)', definition: machine({ A: pass('A', { Output: '{% $sum($map([1..9999999], function($v) { $v * 2 })) %}' }) }, 'A', { QueryLanguage: 'JSONata' }), run: true, expect: /ABORTED|FAILED|SUCCEEDED/, stop: 300, timeout: 60_000 });
add({ name: 'Next loop without a terminal state', definition: machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } }), run: true, expect: /FAILED[\s\S]*no terminal state/ });
add({ name: 'Wait loop with huge seconds', definition: machine({ W: { Type: 'Wait', Seconds: 99999999, Next: 'W' } }), run: true, expect: /(FAILED|ABORTED|SUCCEEDED)[\s\S]*\S|\d+:\d+/, timeout: 90_000 });
// A loop the validator accepts: a terminal state exists but is never chosen.
const loop = machine({
  A: { Type: 'Pass', Next: 'B' },
  B: { Type: 'Choice', Choices: [{ Variable: '$.never', IsPresent: true, Next: 'Done' }], Default: 'A' },
  Done: { Type: 'Succeed' },
});
add({ name: 'Next loop through a Choice, forever', definition: loop, run: true, expect: /(FAILED|ABORTED)[\s\S]*\S/, timeout: 90_000 });
add({ name: 'Next loop stopped at normal speed', definition: loop, run: true, speed: 2, stop: 800, expect: /ABORTED[\s\S]*Stopped/ });
const manyMocks = () => {
  const responses = {};
  for (let i = 0; i < 10_000; i++) responses[`R${i}`] = { 0: { Return: { i, html: XSS[0] } } };
  return JSON.stringify({ StateMachines: { SM: { TestCases: { TC: { T: 'R9999' } } } }, MockedResponses: responses });
};
add({ name: 'mock file with 10,000 responses', definition: task, mocks: manyMocks(), run: true, expect: /SUCCEEDED[\s\S]*9999/, big: true });
add({ name: 'mock with 10,000 attempts', definition: task, mocks: mockFile(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [String(i), { Return: i }]))), run: true, expect: ok, big: true });

// 4. Numbers, prototype keys, strange characters.
add({ name: 'huge numbers in input', definition: single('A'), input: '{"a": 1e400, "b": -1e400, "c": 123456789012345678901234567890, "d": 1e-400, "e": -0}', run: true, expect: /SUCCEEDED|FAILED|not JSON/ });
add({ name: 'huge numbers in definition', definition: machine({ W: { Type: 'Wait', Seconds: 1e300, Next: 'T' }, T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 99999999999, IntervalSeconds: 1e308, BackoffRate: 1e308 }], TimeoutSeconds: 1e300, End: true } }), run: true, expect: /\d+:\d+|FAILED|SUCCEEDED/ });
add({ name: 'States.MathAdd overflow', definition: machine({ A: pass('A', { Parameters: { 'x.$': 'States.MathAdd(9223372036854775807, 1)' } }) }), run: true, expect: /FAILED|SUCCEEDED|\d+:\d+/ });
add({ name: '__proto__ and constructor keys in input', definition: single('A'), input: '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "toString": 1}', run: true, expect: /SUCCEEDED[\s\S]*__proto__[\s\S]*polluted/, prototype: true });
// Written as text: a JS object literal would turn `__proto__` into a prototype, not a key.
add({ name: '__proto__ keys in mocks', definition: task, mocks: '{"StateMachines": {"__proto__": {"TestCases": {"constructor": {"T": "__proto__"}}}}, "MockedResponses": {"__proto__": {"0": {"Return": {"__proto__": {"polluted": "yes"}}}}}}', run: true, expect: /SUCCEEDED|FAILED|\d+:\d+/, prototype: true });
add({ name: '__proto__ as state name', definition: '{"StartAt": "__proto__", "States": {"__proto__": {"Type": "Pass", "Next": "constructor"}, "constructor": {"Type": "Pass", "End": true}}}', run: true, expect: ok, prototype: true, literal: '__proto__', where: 'diagram' });
const long = 'L'.repeat(79) + '_this_name_is_longer_than_eighty_characters_' + 'x'.repeat(200);
add({ name: 'state name of 320 characters', definition: single(long), run: true, expect: /80|\d+:\d+|SUCCEEDED/ });
add({ name: 'RTL override and zero-width in names', definition: machine({ '\u202Egnp.exe\u202C': { Type: 'Pass', Next: 'a\u200Bb\u200D\uFEFF' }, 'a\u200Bb\u200D\uFEFF': { Type: 'Pass', Next: 'שלום עולם' }, 'שלום עולם': pass() }), run: true, expect: ok, literal: 'שלום עולם', where: 'diagram' });
add({ name: 'emoji in names and values', definition: machine({ '🚀 Launch 👩‍👩‍👧‍👦': pass('x', { Result: '🎉🇺🇳' }) }), run: true, expect: /SUCCEEDED[\s\S]*🎉🇺🇳/, literal: '🚀 Launch 👩‍👩‍👧‍👦', where: 'diagram' });
add({ name: 'lone surrogates and U+FFFD pasted', definition: machine({ 'A\uD800B': { Type: 'Pass', Next: 'C\uFFFD' }, 'C\uFFFD': pass() }), run: true, expect: /SUCCEEDED|\d+:\d+/ });
add({ name: 'escaped lone surrogate in input', definition: single('A'), input: '{"s": "\\ud800", "t": "\\udfff\\ud800"}', run: true, expect: /SUCCEEDED|FAILED/ });
add({ name: 'NUL characters pasted', definition: `{"StartAt": "A\u0000", "States": {"A\u0000": {"Type": "Pass", "End": true}}}`, expect: /\d+:\d+/ });
add({ name: 'escaped NUL in names and input', definition: '{"StartAt": "A\\u0000B", "States": {"A\\u0000B": {"Type": "Pass", "End": true}}}', input: '{"n": "\\u0000"}', run: true, expect: /SUCCEEDED|\d+:\d+/ });
add({ name: 'invalid UTF-8 file dropped on the editor', drop: { bytes: [0x7b, 0x22, 0x53, 0x74, 0x61, 0x72, 0x74, 0x41, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d] }, expect: /\d+:\d+/ });
// 5. Values that print far larger than they are (issue 19, item 5): 262 KB of input, a
// 100-deep array of zeros, indents to 27 MB; the output pane shows the first lines only.
const deepZeros = `${'['.repeat(100)}${new Array(130_900).fill(0).join(',')}${']'.repeat(100)}`;
add({ name: 'a payload that prints to 27 MB', definition: single('Echo'), input: deepZeros, run: true, expect: /SUCCEEDED/, timeout: 60_000 });

export const CASES = cases;
