/**
 * The JetBrains HTTP Client script API, as JavaScript that runs inside the sandbox before a user's
 * script. It reads its input from the global `__reqlintInput` (a JSON string) and the host functions
 * on `__reqlintHost` (digest, response body text), removes both globals, defines `client`,
 * `response`, `request`, `crypto`, `$random` and the dynamic-variable globals, and evaluates to the
 * "finish" function the host calls after the script: it runs the registered `client.test`s and
 * returns the run's outcome as a JSON string. State lives in this closure, so a script that
 * replaces `client.global.set` changes only its own view, never what the host reads back.
 */
export const PRELUDE_FILE_NAME = 'reqlint-script-api';

/** Source of the prelude (evaluated as global code; its completion value is the finish function). */
export const PRELUDE = String.raw`(function () {
'use strict';
const input = JSON.parse(globalThis.__reqlintInput);
const host = globalThis.__reqlintHost;
delete globalThis.__reqlintInput;
delete globalThis.__reqlintHost;
const stringify = JSON.stringify;
const parseJson = JSON.parse;
const arrayFrom = Array.from;
const MAX_LOGS = 1000;
const MAX_LOG_CHARS = 10000;
const EXIT = {};

const globals = new Map(input.globals);
const requestVars = new Map(input.requestVariables);
const tests = [];
const logs = [];
let exited = false;

function toValue(v) {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  if (v !== null && typeof v === 'object') {
    try { return stringify(v); } catch (e) { return String(v); }
  }
  return String(v);
}
function name(n) {
  if (typeof n !== 'string' || n === '') throw new TypeError('A variable name must be a non-empty string, got ' + (typeof n === 'string' ? 'an empty string' : typeof n) + '.');
  return n;
}
function store(map) {
  return Object.freeze({
    set(n, v) { map.set(name(n), toValue(v)); },
    get(n) { const v = map.get(n); return v === undefined ? null : v; },
    isEmpty() { return map.size === 0; },
    clear(n) { map.delete(n); },
    clearAll() { map.clear(); },
  });
}
function readOnly(kind) {
  return Object.freeze({ get(n) { const v = host.lookup(kind, String(n)); return v === undefined ? null : v; } });
}

const globalStore = store(globals);
const requestStore = store(requestVars);
const envStore = readOnly('environment');

function stackOf(e) {
  return e !== null && typeof e === 'object' && typeof e.stack === 'string' ? e.stack : '';
}
function describe(e) {
  if (e !== null && typeof e === 'object') {
    let message = '';
    let nm = '';
    try { message = String(e.message); nm = String(e.name); } catch (x) { message = 'an error whose message cannot be read'; }
    return { name: nm, message: message, stack: stackOf(e) };
  }
  return { name: '', message: 'the script threw ' + toValue(e) + ', not an Error', stack: '' };
}

const client = Object.freeze({
  global: globalStore,
  variables: Object.freeze({ global: globalStore, request: requestStore, environment: envStore, file: readOnly('file') }),
  test(testName, fn) {
    if (typeof fn !== 'function') throw new TypeError('client.test("' + String(testName) + '", …) needs a function as its second argument.');
    tests.push({ name: String(testName), fn: fn });
  },
  assert(condition, message) {
    if (!condition) throw new Error(message === undefined ? 'Assertion failed' : String(message));
  },
  log() {
    if (logs.length >= MAX_LOGS) return;
    let text = Array.prototype.map.call(arguments, (a) => typeof a === 'string' ? a : toValue(a)).join(' ');
    if (text.length > MAX_LOG_CHARS) text = text.slice(0, MAX_LOG_CHARS) + '…';
    logs.push(text);
  },
  exit() {
    exited = true;
    throw EXIT;
  },
});

function header(pair) {
  return Object.freeze({
    name: pair[0],
    value: pair[2],
    getRawValue() { return pair[1]; },
    tryGetSubstitutedValue() { return pair[2]; },
  });
}
const req = input.request;
const request = Object.freeze({
  method: req.method,
  environment: envStore,
  variables: requestStore,
  url: Object.freeze({ getRaw() { return req.rawUrl; }, tryGetSubstituted() { return req.url; } }),
  body: Object.freeze({ getRaw() { return req.rawBody; }, tryGetSubstituted() { return req.body; } }),
  headers: Object.freeze({
    all() { return req.headers.map(header); },
    findByName(n) {
      const want = String(n).toLowerCase();
      for (const h of req.headers) if (h[0].toLowerCase() === want) return header(h);
      return null;
    },
  }),
});

let response;
if (input.response) {
  const res = input.response;
  let body;
  let bodyRead = false;
  const values = (n) => { const want = String(n).toLowerCase(); return res.headers.filter((h) => h[0].toLowerCase() === want).map((h) => h[1]); };
  response = Object.freeze({
    status: res.status,
    get body() {
      if (!bodyRead) {
        bodyRead = true;
        body = host.body();
        if (res.json) {
          try { body = parseJson(body); } catch (e) { /* not JSON after all: stays text */ }
        }
      }
      return body;
    },
    headers: Object.freeze({
      valueOf(n) { const v = values(n); return v.length ? v[0] : null; },
      valuesOf(n) { return values(n); },
    }),
    contentType: Object.freeze({ mimeType: res.mimeType, charset: res.charset }),
  });
}

function hasher(alg, secret) {
  const parts = [];
  const self = {
    updateWithText(text, encoding) { parts.push(['text', String(text), encoding === undefined ? 'utf8' : String(encoding)]); return self; },
    updateWithHex(hex) { parts.push(['hex', String(hex), '']); return self; },
    updateWithBase64(b64, urlSafe) { parts.push([urlSafe ? 'base64url' : 'base64', String(b64), '']); return self; },
    digest() {
      const spec = stringify({ alg: alg, secret: secret, parts: parts });
      return Object.freeze({
        toHex() { return host.digest(spec, 'hex'); },
        toBase64(urlSafe) { return host.digest(spec, urlSafe ? 'base64url' : 'base64'); },
      });
    },
  };
  return self;
}
function hmac(alg) {
  return {
    withTextSecret(s, encoding) { return hasher(alg, ['text', String(s), encoding === undefined ? 'utf8' : String(encoding)]); },
    withHexSecret(s) { return hasher(alg, ['hex', String(s), '']); },
    withBase64Secret(s, urlSafe) { return hasher(alg, [urlSafe ? 'base64url' : 'base64', String(s), '']); },
  };
}
const ALGS = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'];
const cryptoApi = { hmac: {} };
for (const a of ALGS) {
  cryptoApi[a] = () => hasher(a, null);
  cryptoApi.hmac[a] = () => hmac(a);
}
Object.freeze(cryptoApi.hmac);
Object.freeze(cryptoApi);

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
function pick(chars, length) {
  const n = Math.max(0, Math.min(10000, Math.floor(Number(length) || 0)));
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}
function uuid() {
  let s = '';
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) s += '-';
    else if (i === 14) s += '4';
    else if (i === 19) s += '89ab'[Math.floor(Math.random() * 4)];
    else s += '0123456789abcdef'[Math.floor(Math.random() * 16)];
  }
  return s;
}
function integer(from, to) {
  const lo = from === undefined ? 0 : Math.ceil(Number(from));
  const hi = to === undefined ? 1000 : Math.floor(Number(to));
  return lo + Math.floor(Math.random() * Math.max(0, hi - lo));
}
const random = Object.freeze({
  get uuid() { return uuid(); },
  get email() { return pick(ALPHA, 8).toLowerCase() + '@example.com'; },
  integer: integer,
  float(from, to) {
    const lo = from === undefined ? 0 : Number(from);
    const hi = to === undefined ? 1000 : Number(to);
    return lo + Math.random() * (hi - lo);
  },
  alphabetic(length) { return pick(ALPHA, length); },
  alphanumeric(length) { return pick(ALPHA + DIGITS + '_', length); },
  hexadecimal(length) { return pick('0123456789abcdef', length); },
});

const defs = {
  client: { value: client },
  request: { value: request },
  crypto: { value: cryptoApi },
  $random: { value: random },
  $uuid: { get: uuid },
  $timestamp: { get: () => Math.floor(Date.now() / 1000) },
  $isoTimestamp: { get: () => new Date().toISOString() },
  $randomInt: { get: () => integer(0, 1000) },
};
if (response) defs.response = { value: response };
for (const k of Object.keys(defs)) Object.defineProperty(globalThis, k, Object.assign({ enumerable: false, configurable: false }, defs[k]));

return function finish(failed, error) {
  let scriptError = null;
  if (failed && error !== EXIT) scriptError = describe(error);
  const results = [];
  for (const t of tests) {
    try {
      t.fn();
      results.push({ name: t.name, passed: true });
    } catch (e) {
      if (e === EXIT) { exited = true; results.push({ name: t.name, passed: true }); continue; }
      results.push({ name: t.name, passed: false, error: describe(e) });
    }
  }
  return stringify({
    globals: arrayFrom(globals),
    requestVariables: arrayFrom(requestVars),
    tests: results,
    logs: logs,
    exited: exited,
    error: scriptError,
  });
};
})()`;
