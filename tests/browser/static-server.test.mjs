// scripts/static-server.mjs serves only what is under its folder: every way of spelling a
// path out of it (raw and encoded `..`, backslashes, a sibling folder sharing the name's
// prefix, absolute and double-encoded paths, NUL) gets 403 or 404 and never the file. No
// browser: raw request paths through node:http, which sends them as written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, CSP, CSP_EMBED } from '../../scripts/static-server.mjs';

const SECRET = 'secret-outside-the-served-folder';
let base;
let server;

before(async () => {
  base = mkdtempSync(join(tmpdir(), 'asl-static-'));
  mkdirSync(join(base, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(base, 'dist', 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(join(base, 'dist', 'embed.html'), '<!doctype html><title>embed</title>');
  writeFileSync(join(base, 'dist', 'assets', 'app.js'), 'export {};');
  // Beside the served folder: a sibling whose name starts with the served folder's.
  mkdirSync(join(base, 'dist-private'));
  writeFileSync(join(base, 'dist-private', 'secret.txt'), SECRET);
  writeFileSync(join(base, 'secret.txt'), SECRET);
  server = await startServer(join(base, 'dist'), 0);
});
after(async () => {
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

/** GETs `path` exactly as written; resolves { status, body, headers }. */
function get(path) {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the folder with the page headers', async () => {
  const index = await get('/');
  assert.equal(index.status, 200);
  assert.match(index.body, /<title>ok/);
  assert.equal(index.headers['content-security-policy'], CSP);
  assert.match(CSP, /frame-ancestors 'none'/);
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  const embed = await get('/embed.html');
  assert.equal(embed.headers['content-security-policy'], CSP_EMBED);
  assert.doesNotMatch(CSP_EMBED, /frame-ancestors/);
  assert.equal((await get('/assets/app.js')).headers['content-type'], 'text/javascript; charset=utf-8');
});

const OUTSIDE = [
  '/../secret.txt',
  '/../dist-private/secret.txt',
  '/assets/../../secret.txt',
  '/..%2fsecret.txt',
  '/..%2f..%2fsecret.txt',
  '/..%2fdist-private%2fsecret.txt',
  '/%2e%2e/secret.txt',
  '/%2e%2e%2fsecret.txt',
  '/%2E%2E%2Fdist-private%2Fsecret.txt',
  '/..%5csecret.txt',
  '/..\\secret.txt',
  '/%2e%2e%5c%2e%2e%5csecret.txt',
  '/%252e%252e%252fsecret.txt',
  '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
  '//etc/passwd',
  '/%2fetc%2fpasswd',
  '/assets/%2e%2e/%2e%2e/dist-private/secret.txt',
  '/secret.txt%00.html',
  '/%c0%ae%c0%ae/secret.txt',
  '/..;/secret.txt',
];

for (const path of OUTSIDE) {
  test(`refuses ${path}`, async () => {
    const { status, body } = await get(path);
    assert.ok(status === 403 || status === 404 || status === 400, `${path}: status ${status}`);
    assert.ok(!body.includes(SECRET), `${path}: served the file outside the folder`);
    assert.doesNotMatch(body, /root:/, `${path}: served /etc/passwd`);
  });
}
