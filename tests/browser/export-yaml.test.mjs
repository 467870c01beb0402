// The CloudFormation export is YAML with the definition inside a block scalar: whatever the
// definition holds (line breaks only YAML 1.1 sees, U+0085/U+2028/U+2029; characters YAML does
// not print), the template must parse back to one resource whose DefinitionString is exactly
// the definition. No browser: export.js's builders are pure functions. Checked with PyYAML
// (the YAML 1.1 parser of the AWS CLI and cfn-lint) when python3 has it, and always with a
// small reader of the snippet's fixed shape that splits lines the way YAML 1.1 does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cloudFormationSnippet } from '../../www/src/export.js';

const YAML_11_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/;
const HEADER = ['Resources:', '  MyStateMachine:', '    Type: AWS::StepFunctions::StateMachine', '    Properties:',
  '      StateMachineName: MyStateMachine', '      RoleArn: !Sub arn:aws:iam::${AWS::AccountId}:role/StepFunctionsExecutionRole'];

/** A hostile Comment: on a YAML 1.1 reader it ends the block scalar and declares an IAM user. */
const INJECTION = 'x\u2028      Hacker:\u2028        Type: AWS::IAM::User\u2028      Tail: |\u2028';
const machine = (extra) => JSON.stringify({ Comment: INJECTION, StartAt: 'A', States: { A: { Type: 'Pass', Result: extra, End: true } } }, null, 2);
const DEFINITIONS = [
  machine('plain'),
  machine('\u0085 next line \u2029 paragraph \u2028 line'),
  machine('\u007f del \u0080 \u009f c1 \ufeff bom \ufffe \uffff'),
  machine({ 'key\u2028with break': ['\r\n', '\t', '\u0000'] }),
];

/** Reads the snippet as a YAML 1.1 parser splits it: the header, then the block scalar. */
function readSnippet(snippet) {
  const lines = snippet.split(YAML_11_BREAK);
  assert.deepEqual(lines.slice(0, HEADER.length), HEADER);
  assert.match(lines[HEADER.length], /^ {6}DefinitionString: \|2?$/);
  const body = lines.slice(HEADER.length + 1, -1);
  assert.equal(lines.at(-1), '', 'ends with a line break');
  for (const line of body) assert.ok(line === '' || line.startsWith('        '), `a line leaves the block scalar: ${JSON.stringify(line)}`);
  return body.map((line) => line.slice(8)).join('\n');
}

const PYYAML = `
import json, sys, yaml
class Loader(yaml.SafeLoader): pass
Loader.add_multi_constructor('!', lambda loader, suffix, node: None)
out = []
for snippet in json.load(sys.stdin):
    doc = yaml.load(snippet, Loader=Loader)
    out.append({'resources': list(doc['Resources']), 'definition': doc['Resources']['MyStateMachine']['Properties']['DefinitionString']})
print(json.dumps(out))
`;
const hasPyYaml = spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;

test('the CloudFormation export parses back to exactly the definition (line breaks only YAML sees)', () => {
  for (const definition of DEFINITIONS) {
    const body = readSnippet(cloudFormationSnippet(definition));
    assert.deepEqual(JSON.parse(body), JSON.parse(definition));
  }
});

test('PyYAML reads one resource whose DefinitionString is the definition', { skip: !hasPyYaml && 'python3 has no PyYAML' }, () => {
  const result = spawnSync('python3', ['-c', PYYAML], { input: JSON.stringify(DEFINITIONS.map((d) => cloudFormationSnippet(d))), encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const parsed = JSON.parse(result.stdout);
  parsed.forEach(({ resources, definition }, i) => {
    assert.deepEqual(resources, ['MyStateMachine'], 'no resource added');
    assert.deepEqual(JSON.parse(definition), JSON.parse(DEFINITIONS[i]));
  });
});

test('text that is not JSON stays inside the block scalar too', () => {
  const text = '   starts with spaces\nEvil: 1\u2028Bad: 2\r  Worse:\u0085x';
  const snippet = cloudFormationSnippet(text);
  assert.equal(readSnippet(snippet), text.split(YAML_11_BREAK).join('\n'));
  if (!hasPyYaml) return;
  const result = spawnSync('python3', ['-c', PYYAML], { input: JSON.stringify([snippet]), encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const [{ resources, definition }] = JSON.parse(result.stdout);
  assert.deepEqual(resources, ['MyStateMachine']);
  assert.equal(definition, `${text.split(YAML_11_BREAK).join('\n')}\n`);
});
