import { headers } from '../support/facts-view.js';
import { describe, expect, it } from 'vitest';
import { header, type HandlerFacts, type ResponseFact } from '../../src/analysis/facts.js';
import { createHandlerAnalyzer } from '../../src/analysis/index.js';
import { memoryFileSystem } from '../../src/fs.js';
import type { Span } from '../../src/source.js';

const SVC = '/repo/svc';

/** Files are given relative to the service directory; the handler is `handler.main` unless told. */
function project(files: Record<string, string>) {
  const abs = Object.fromEntries(Object.entries(files).map(([p, t]) => [`${SVC}/${p}`, t]));
  const analyzer = createHandlerAnalyzer(memoryFileSystem(abs), '/repo');
  const analyze = (handler = 'handler.main') => analyzer.analyze({ serviceDir: SVC, handler });
  return {
    analyze,
    facts(handler = 'handler.main'): HandlerFacts {
      const r = analyze(handler);
      if (r.status !== 'analysed') throw new Error(`not analysed: ${JSON.stringify(r)}`);
      return r.facts;
    },
    text: (span: Span) => abs[span.file].slice(span.start, span.end),
  };
}

/** The facts of a one-file handler (`handler.js` unless a `.ts` name is given). */
function facts(source: string, file = 'handler.js', handler = 'handler.main'): HandlerFacts {
  return project({ [file]: source }).facts(handler);
}

const only = (f: HandlerFacts): ResponseFact => {
  expect(f.responses).toHaveLength(1);
  return f.responses[0];
};

describe('export forms', () => {
  const body = "async (event) => ({ statusCode: 200, headers: { 'X-Form': 'yes' } })";
  const cases: [string, string, string?][] = [
    ['module.exports.x =', `module.exports.main = ${body};`],
    ['exports.x =', `exports.main = ${body};`],
    ['module.exports = { x }', `const main = ${body};\nmodule.exports = { main };`],
    ['module.exports = { x: fn }', `module.exports = { main: ${body} };`],
    ['module.exports = { x() {} }', "module.exports = { async main(event) { return { statusCode: 200, headers: { 'X-Form': 'yes' } }; } };"],
    ['export const', `export const main = ${body};`, 'handler.ts'],
    ['export function', "export async function main(event) { return { statusCode: 200, headers: { 'X-Form': 'yes' } }; }", 'handler.mjs'],
    ['export { y as x }', `const impl = ${body};\nexport { impl as main };`, 'handler.ts'],
    ['export { y } after assignment', `let main;\nmain = ${body};\nexport { main };`, 'handler.ts'],
    ['named function expression', "exports.main = async function main(event) { return { statusCode: 200, headers: { 'X-Form': 'yes' } }; };"],
  ];
  for (const [name, source, file] of cases) {
    it(name, () => {
      expect(headers(only(facts(source, file)))).toEqual({ 'x-form': 'yes' });
    });
  }

  it('export default for handler.default', () => {
    const f = facts(`export default ${body};`, 'handler.ts', 'handler.default');
    expect(headers(only(f))).toEqual({ 'x-form': 'yes' });
    const g = facts('export default async function (event) { return { statusCode: 204 }; }', 'handler.ts', 'handler.default');
    expect(only(g).statusCode).toBe(204);
    const cjs = facts('module.exports = async () => ({ statusCode: 202 });', 'handler.js', 'handler.default');
    expect(only(cjs).statusCode).toBe(202);
  });

  it('a handler re-exported from another module is analysed where it is defined', () => {
    const p = project({
      'handler.ts': "export { main } from './impl.js';",
      'impl.ts': `export const main = ${body};`,
    });
    const f = p.facts();
    expect(f.file).toBe(`${SVC}/impl.ts`);
    expect(p.text(f.exportSpan)).toBe(body);
  });

  it('TypeScript export = and import = require', () => {
    const p = project({
      'handler.ts': "import cors = require('./cors');\nexport = { main: async () => ({ headers: cors.headers }) };",
      'cors.ts': "export const headers = { 'Access-Control-Allow-Origin': '*' };",
    });
    expect(headers(only(p.facts()))).toEqual({ 'access-control-allow-origin': '*' });
  });

  it('exportSpan is the exported function', () => {
    const p = project({ 'handler.js': `exports.main = ${body};` });
    expect(p.text(p.facts().exportSpan)).toBe(body);
  });
});

describe('response forms', () => {
  it('returns in sync and async functions, not in nested functions', () => {
    const f = facts(`
      exports.main = function (event) {
        const names = ['a'].map((n) => { return { statusCode: 500 }; });
        function unused() { return { statusCode: 501 }; }
        if (event.a) return { statusCode: 400 };
        return { statusCode: 200 };
      };`);
    expect(f.responses.map((r) => r.statusCode)).toEqual([400, 200]);
    expect(f.complete).toBe(true);
  });

  it('an arrow expression body is the response and its site', () => {
    const p = project({ 'handler.js': 'exports.main = async () => ({ statusCode: 200 });' });
    expect(p.text(only(p.facts()).site)).toBe('{ statusCode: 200 }');
  });

  it('callback(null, x) with whatever name the third parameter has', () => {
    const p = project({
      'handler.js': `
        exports.main = (event, ctx, done) => {
          if (!event.body) return done(new Error('no body'));
          done(null, { statusCode: 200, headers: { 'X-A': '1' } });
        };`,
    });
    const r = only(p.facts());
    expect(p.text(r.site)).toBe("done(null, { statusCode: 200, headers: { 'X-A': '1' } })");
    expect(headers(r)).toEqual({ 'x-a': '1' });
  });

  it('context.succeed(x) and context.done(null, x); context.fail is not a response', () => {
    const f = facts(`
      exports.main = function (event, context) {
        if (event.a) { context.succeed({ statusCode: 201 }); return; }
        if (event.b) { context.fail(new Error('x')); return; }
        context.done(null, { statusCode: 202 });
      };`);
    expect(f.responses.map((r) => r.statusCode)).toEqual([201, 202]);
  });

  it('throws are not responses and a handler without return has none', () => {
    expect(facts("exports.main = async () => { throw new Error('nope'); };").responses).toEqual([]);
    const f = facts('exports.main = async () => {};');
    expect(f.responses).toEqual([]);
    expect(f.complete).toBe(true);
  });

  it('code after a helper that always throws is unreachable', () => {
    const f = facts(`
      function fail(code) { throw new Error(code); }
      exports.main = async (event) => {
        if (event.bad) fail('bad');
        else return { statusCode: 200 };
        return { statusCode: 500 };
      };`);
    expect(f.responses.map((r) => r.statusCode)).toEqual([200]);
  });

  it('switch, try/catch and loops', () => {
    const f = facts(`
      exports.main = async (event) => {
        switch (event.httpMethod) {
          case 'GET': return { statusCode: 200 };
          case 'HEAD':
          case 'OPTIONS': return { statusCode: 204 };
          default: break;
        }
        for (const item of event.items) { if (item) return { statusCode: 207 }; }
        try { await save(event); } catch (e) { return { statusCode: 500 }; } finally { cleanup(); }
        return { statusCode: 201 };
      };`);
    expect(f.responses.map((r) => r.statusCode)).toEqual([200, 204, 207, 500, 201]);
  });
});

describe('following values', () => {
  it('spreads of local and imported consts keep the spans of their definitions', () => {
    const p = project({
      'handler.js': `
        const { cors } = require('./cors');
        const json = { 'Content-Type': 'application/json' };
        exports.main = async () => ({ statusCode: 200, headers: { ...json, ...cors } });`,
      'cors.js': "exports.cors = { 'Access-Control-Allow-Origin': 'https://app.example.com' };",
    });
    const r = only(p.facts());
    expect(headers(r)).toEqual({ 'content-type': 'application/json', 'access-control-allow-origin': 'https://app.example.com' });
    const acao = r.headers.entries['access-control-allow-origin'];
    expect(acao.span.file).toBe(`${SVC}/cors.js`);
    expect(p.text(acao.span)).toBe("'Access-Control-Allow-Origin': 'https://app.example.com'");
    expect(p.text(acao.valueSpan)).toBe("'https://app.example.com'");
  });

  it('ESM const imported through a .js specifier that points at TypeScript', () => {
    const p = project({
      'handler.ts': "import { CORS_HEADERS as cors } from './lib/cors.js';\nexport const main = async () => ({ headers: { ...cors } });",
      'lib/cors.ts': "export const CORS_HEADERS = { 'Access-Control-Allow-Origin': '*' } as const;",
    });
    expect(headers(only(p.facts()))).toEqual({ 'access-control-allow-origin': '*' });
  });

  it('a helper in the same file: site is the return in the handler, builtAt the helper return', () => {
    const p = project({
      'handler.js': `
        function respond(statusCode, body) {
          return { statusCode, headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify(body) };
        }
        exports.main = async (event) => {
          return respond(200, { ok: true });
        };`,
    });
    const r = only(p.facts());
    expect(p.text(r.site)).toBe('return respond(200, { ok: true });');
    expect(p.text(r.builtAt!)).toMatch(/^return \{ statusCode, headers/);
    expect(r.statusCode).toBe(200);
    expect(headers(r)).toEqual({ 'access-control-allow-origin': '*' });
  });

  it('helpers in CommonJS modules, index files and nested helpers', () => {
    const p = project({
      'handler.js': `
        const http = require('./lib');
        exports.main = async () => http.ok({ a: 1 });`,
      'lib/index.js': `
        const { build } = require('./build');
        module.exports.ok = (body) => build(200, body);`,
      'lib/build.js': `
        exports.build = function (code, body) {
          return { statusCode: code, headers: { Vary: 'Origin' }, body };
        };`,
    });
    const r = only(p.facts());
    expect(r.statusCode).toBe(200);
    expect(headers(r)).toEqual({ vary: 'Origin' });
    expect(r.builtAt!.file).toBe(`${SVC}/lib/build.js`);
    expect(p.text(r.builtAt!)).toMatch(/^return \{ statusCode: code/);
  });

  it('ESM helpers through a barrel, a namespace import and a default import', () => {
    const p = project({
      'handler.ts': `
        import * as http from './http/index.js';
        import cors from './cors.js';
        export const main = async () => {
          const res = http.ok('x');
          return { ...res, headers: { ...res.headers, ...cors() } };
        };`,
      'http/index.ts': "export * from './ok.js';",
      'http/ok.ts': "export function ok(body: string) { return { statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body }; }",
      'cors.ts': "export default function cors() { return { 'Access-Control-Allow-Origin': '*' }; }",
    });
    expect(headers(only(p.facts()))).toEqual({ 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
  });

  it('object-literal method helpers with this', () => {
    const p = project({
      'handler.js': `
        const response = require('./response');
        exports.main = async (event) => response.success({ id: 1 });`,
      'response.js': `
        module.exports = {
          headers: { 'Access-Control-Allow-Origin': '*' },
          build(statusCode, body) { return { statusCode, headers: this.headers, body: JSON.stringify(body) }; },
          success(body) { return this.build(200, body); },
        };`,
    });
    const r = only(p.facts());
    expect(r.statusCode).toBe(200);
    expect(headers(r)).toEqual({ 'access-control-allow-origin': '*' });
  });

  it('a JSON module as a value', () => {
    const p = project({
      'handler.js': "const headers = require('./headers.json');\nexports.main = async () => ({ headers });",
      'headers.json': '{ "Access-Control-Allow-Origin": "*" }',
    });
    const e = only(p.facts()).headers.entries['access-control-allow-origin'];
    expect(e.span.file).toBe(`${SVC}/headers.json`);
    expect(p.text(e.span)).toBe('"Access-Control-Allow-Origin": "*"');
  });

  it('a let assigned on several branches gives one fact per value', () => {
    const f = facts(`
      exports.main = async (event) => {
        let response;
        if (event.ok) response = { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } };
        else response = { statusCode: 400, headers: {} };
        return response;
      };`);
    expect(f.responses.map((r) => [r.statusCode, headers(r)])).toEqual([
      [200, { 'access-control-allow-origin': '*' }],
      [400, {}],
    ]);
  });

  it('a conditional response gives two facts; a conditional headers object is merged', () => {
    const f = facts(`
      const cors = { 'Access-Control-Allow-Origin': '*' };
      exports.main = async (event) => event.ok ? { statusCode: 200, headers: cors } : { statusCode: 500 };`);
    expect(f.responses.map((r) => [r.statusCode, headers(r)])).toEqual([
      [200, { 'access-control-allow-origin': '*' }],
      [500, {}],
    ]);
    const g = facts(`
      exports.main = async (event) => ({ statusCode: 200, headers: event.a ? { A: '1', B: '2' } : { A: '1' } });`);
    expect(headers(only(g))).toEqual({ a: '1', 'b?': '2' });
  });

  it('headers added after construction, unconditionally or inside an if', () => {
    const p = project({
      'handler.js': `
        exports.main = async (event) => {
          const response = { statusCode: 200, headers: {} };
          const h = response.headers;
          h['Access-Control-Allow-Origin'] = '*';
          if (event.creds) response.headers.Vary = 'Origin';
          return response;
        };`,
    });
    const r = only(p.facts());
    expect(headers(r)).toEqual({ 'access-control-allow-origin': '*', 'vary?': 'Origin' });
    expect(p.text(r.headers.entries['access-control-allow-origin'].span)).toBe("h['Access-Control-Allow-Origin'] = '*'");
    expect(p.text(r.headers.entries.vary.valueSpan)).toBe("'Origin'");
  });

  it('a header set inside a branch that also returns is always set on that response', () => {
    const f = facts(`
      exports.main = async (event) => {
        const headers = {};
        if (event.a) { headers['X-A'] = '1'; return { statusCode: 201, headers }; }
        return { statusCode: 200, headers };
      };`);
    expect(f.responses.map(headers)).toEqual([{ 'x-a': '1' }, {}]);
  });

  it('a helper that mutates the response it is given', () => {
    const f = facts(`
      function addCors(res) { res.headers = { ...res.headers, 'Access-Control-Allow-Origin': '*' }; }
      exports.main = async () => {
        const res = { statusCode: 200, headers: { A: '1' } };
        addCors(res);
        return res;
      };`);
    expect(headers(only(f))).toEqual({ a: '1', 'access-control-allow-origin': '*' });
  });

  it('Object.assign', () => {
    const f = facts(`
      const base = { 'Content-Type': 'application/json' };
      exports.main = async () => {
        const headers = Object.assign({}, base, { 'Access-Control-Allow-Origin': '*' });
        const res = { statusCode: 200, headers };
        Object.assign(res.headers, { Vary: 'Origin' });
        return res;
      };`);
    expect(headers(only(f))).toEqual({ 'content-type': 'application/json', 'access-control-allow-origin': '*', vary: 'Origin' });
  });

  it('multiValueHeaders merge into the bag', () => {
    const f = facts(`
      exports.main = async () => ({
        statusCode: 200,
        headers: { 'X-A': 'a', 'Access-Control-Allow-Origin': 'https://old.example.com' },
        multiValueHeaders: { 'Access-Control-Allow-Origin': ['https://app.example.com'], 'Set-Cookie': ['a=1', 'b=2'] },
      });`);
    expect(headers(only(f))).toEqual({ 'x-a': 'a', 'access-control-allow-origin': 'https://app.example.com', 'set-cookie': '<unknown>' });
  });

  it('header names are matched case-insensitively', () => {
    const r = only(facts("exports.main = async () => ({ headers: { 'access-control-allow-ORIGIN': '*' } });"));
    const found = header(r.headers, 'Access-Control-Allow-Origin');
    expect(found.state === 'present' && found.entry.name).toBe('access-control-allow-ORIGIN');
    expect(header(r.headers, 'Vary')).toEqual({ state: 'absent' });
  });

  it('await, template literals, constants as keys and values', () => {
    const f = facts(`
      const ACAO = 'Access-Control-Allow-Origin';
      const HOST = 'example.com';
      const make = async () => ({ [ACAO]: \`https://app.\${HOST}\`, 'X-T': \`plain\` });
      exports.main = async () => ({ statusCode: 200, headers: await make() });`);
    expect(headers(only(f))).toEqual({ 'access-control-allow-origin': 'https://app.example.com', 'x-t': 'plain' });
  });

  it('loggers do not make a response unknown', () => {
    const f = facts(`
      const logger = require('pino')();
      exports.main = async () => {
        const res = { statusCode: 200, headers: {} };
        console.log(res);
        logger.info(res);
        return res;
      };`);
    expect(headers(only(f))).toEqual({});
  });
});

describe('request origin', () => {
  it('echoing the origin without an allowlist', () => {
    const f = facts(`
      exports.main = async (event) => {
        const origin = event.headers.origin || event.headers.Origin;
        return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin, 'X-B': event.headers['ORIGIN'] } };
      };`);
    expect(headers(only(f))).toEqual({ 'access-control-allow-origin': '<origin>', 'x-b': '<origin>' });
  });

  it('destructured and optional-chained reads', () => {
    const f = facts(
      `
      export const main = async ({ headers }: { headers: Record<string, string> }) => {
        const { origin = '' } = headers ?? {};
        return { headers: { 'Access-Control-Allow-Origin': origin ?? headers?.Origin } };
      };`,
      'handler.ts',
    );
    expect(headers(only(f))).toEqual({ 'access-control-allow-origin': '<origin>' });
  });

  const allowlisted: [string, string][] = [
    ['includes guard', "if (ALLOWED.includes(origin)) headers['Access-Control-Allow-Origin'] = origin;"],
    ['Set.has guard', "if (new Set(ALLOWED).has(origin)) headers['Access-Control-Allow-Origin'] = origin;"],
    ['equality guard', "if (origin === 'https://app.example.com') headers['Access-Control-Allow-Origin'] = origin;"],
    ['regex guard', "if (/^https:\\/\\/([a-z]+\\.)?example\\.com$/.test(origin)) headers['Access-Control-Allow-Origin'] = origin;"],
    ['indexOf guard', "if (ALLOWED.indexOf(origin) !== -1) headers['Access-Control-Allow-Origin'] = origin;"],
    ['guard in a conjunction', "if (origin && ALLOWED.includes(origin)) headers['Access-Control-Allow-Origin'] = origin;"],
    ['check held in a variable', "const ok = ALLOWED.includes(origin);\nif (ok) headers['Access-Control-Allow-Origin'] = origin;"],
    ['switch on the origin', "switch (origin) { case 'https://a.example.com': headers['Access-Control-Allow-Origin'] = origin; }"],
    ['check in a helper', "if (isAllowed(origin)) headers['Access-Control-Allow-Origin'] = origin;"],
  ];
  for (const [name, guard] of allowlisted) {
    it(`allowlisted: ${name}`, () => {
      const f = facts(`
        const ALLOWED = ['https://a.example.com', 'https://b.example.com'];
        const isAllowed = (o) => ALLOWED.includes(o);
        exports.main = async (event) => {
          const origin = event.headers.origin;
          const headers = {};
          ${guard}
          return { statusCode: 200, headers };
        };`);
      expect(headers(only(f))).toEqual({ 'access-control-allow-origin?': '<allowlisted origin>' });
    });
  }

  it('allowlisted: early return on a negated test', () => {
    const f = facts(`
      const ALLOWED = new Set(['https://a.example.com']);
      exports.main = async (event) => {
        const origin = event.headers.origin;
        if (!origin || !ALLOWED.has(origin)) return { statusCode: 403 };
        return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin } };
      };`);
    expect(f.responses.map(headers)).toEqual([{}, { 'access-control-allow-origin': '<allowlisted origin>' }]);
  });

  it('allowlisted: the includes ? origin : fallback form', () => {
    const f = facts(`
      const allowed = ['https://a.example.com', 'https://b.example.com'];
      exports.main = async (event) => {
        const origin = event.headers.origin;
        const allowOrigin = allowed.includes(origin) ? origin : allowed[0];
        return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': allowOrigin } };
      };`);
    expect(headers(only(f))).toEqual({ 'access-control-allow-origin': '<allowlisted origin>' });
  });

  it('not allowlisted: the test is on something else, or only checks presence', () => {
    const f = facts(`
      exports.main = async (event) => {
        const origin = event.headers.origin;
        const headers = {};
        if (origin !== undefined && event.trusted) headers['Access-Control-Allow-Origin'] = origin;
        if (event.ok) headers['X-Echo'] = origin;
        return { statusCode: 200, headers };
      };`);
    expect(headers(only(f))).toEqual({ 'access-control-allow-origin?': '<origin>', 'x-echo?': '<origin>' });
  });

  it('a test of the origin string itself counts as an allowlist, and is recorded with its pattern', () => {
    const f = facts(`
      const ALLOWED = /^https:\\/\\/app\\.example\\.com$/;
      exports.main = async (event) => {
        const origin = event.headers.origin;
        const headers = {};
        if (origin.includes('example')) headers['Access-Control-Allow-Origin'] = origin;
        if (ALLOWED.test(origin)) headers['X-Checked'] = origin;
        return { statusCode: 200, headers };
      };`);
    expect(headers(only(f))).toEqual({ 'access-control-allow-origin?': '<allowlisted origin>', 'x-checked?': '<allowlisted origin>' });
    expect(f.originTests?.map((t) => [t.method, t.pattern])).toEqual([
      ['includes', 'example'],
      ['test', '^https:\\/\\/app\\.example\\.com$'],
    ]);
  });
});

describe('unknowns', () => {
  it('an unknown spread or a computed key opens the bag', () => {
    const f = facts(`
      const lib = require('some-lib');
      exports.main = async (event) => {
        if (event.a) return { headers: { ...lib.corsHeaders, A: '1' } };
        const headers = { B: '2' };
        headers[event.name] = 'x';
        return { headers };
      };`);
    expect(f.responses.map(headers)).toEqual([
      { a: '1', '…': 'open' },
      { b: '2', '…': 'open' },
    ]);
    expect(header(f.responses[0].headers, 'Access-Control-Allow-Origin')).toEqual({ state: 'unknown' });
  });

  it('a response from an unknown call, a parameter or a package is an open bag, and incomplete', () => {
    const f = facts(`
      const { respond } = require('@acme/http');
      exports.main = async (event) => {
        if (event.a) return respond(200);
        if (event.b) return event;
        return await fetchSomething();
      };`);
    expect(f.responses.map(headers)).toEqual([{ '…': 'open' }, { '…': 'open' }, { '…': 'open' }]);
    expect(f.complete).toBe(false);
    expect(f.incompleteReason).toBe('response built by an unknown call to respond(...)');
  });

  it('an object handed to an unknown function may gain headers', () => {
    const f = facts(`
      const { addCors } = require('cors-helper');
      exports.main = async () => {
        const res = { statusCode: 200, headers: {} };
        addCors(res);
        return res;
      };`);
    expect(headers(only(f))).toEqual({ '…': 'open' });
  });

  it('a handler wrapped by an unknown package cannot be followed', () => {
    const p = project({
      'handler.js': `
        const wrap = require('@acme/wrap');
        const cors = require('@acme/cors');
        const base = async () => ({ statusCode: 200 });
        exports.main = wrap(base).use(cors());
        exports.app = require('@acme/http')(app);`,
    });
    const f = p.facts();
    expect(f).toMatchObject({ responses: [], complete: false, incompleteReason: 'handler is wrapped by wrap(...)' });
    expect(p.text(f.exportSpan)).toBe('exports.main = wrap(base).use(cors())');
    expect(p.facts('handler.app').incompleteReason).toBe('handler is wrapped by @acme/http(...)');
  });

  it('a local wrapper is followed', () => {
    const f = facts(`
      const withCors = (fn) => async (event) => {
        const res = await fn(event);
        return { ...res, headers: { ...res.headers, 'Access-Control-Allow-Origin': '*' } };
      };
      exports.main = withCors(async () => ({ statusCode: 200, headers: { A: '1' } }));`);
    expect(headers(only(f))).toEqual({ a: '1', 'access-control-allow-origin': '*' });
  });

  it('a callback handed to an unknown function makes the facts incomplete', () => {
    const f = facts(`
      const db = require('db');
      exports.main = (event, context, callback) => { db.get(event.id, callback); };`);
    expect(f.complete).toBe(false);
    expect(f.incompleteReason).toBe('the callback is passed to db.get(...), which is not followed');
  });

  it('a callback called inside a helper: site is the call in the handler, builtAt the callback', () => {
    const p = project({
      'handler.js': `
        const send = (cb, code) => cb(null, { statusCode: code, headers: { 'Access-Control-Allow-Origin': '*' } });
        exports.main = (event, context, callback) => {
          send(callback, 200);
        };`,
    });
    const r = only(p.facts());
    expect(p.text(r.site)).toBe('send(callback, 200)');
    expect(p.text(r.builtAt!)).toMatch(/^cb\(null, \{ statusCode: code/);
    expect(r.statusCode).toBe(200);
  });
});

describe('callbacks handed to unknown functions', () => {
  it('promise chains calling the Lambda callback', () => {
    const p = project({
      'handler.js': `
        const db = require('./db-client');
        module.exports.main = (event, context, callback) => {
          db.get(event.id)
            .then((item) => callback(null, { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify(item) }))
            .catch((err) => callback(null, { statusCode: 500, body: err.message }));
        };`,
    });
    const f = p.facts();
    expect(f.complete).toBe(true);
    expect(f.responses.map((r) => [p.text(r.site).slice(0, 24), r.statusCode, headers(r)])).toEqual([
      ['callback(null, { statusC', 200, { 'access-control-allow-origin': '*' }],
      ['callback(null, { statusC', 500, {}],
    ]);
    expect(f.responses[0].builtAt).toBeUndefined();
  });

  it('mutations inside iteration callbacks may or may not happen', () => {
    const f = facts(`
      exports.main = async (event) => {
        const headers = { A: '1' };
        ['B', 'C'].forEach((name) => { headers[name] = 'x'; });
        Object.entries(event.extra).forEach(([k, v]) => { headers.D = v; });
        return { headers };
      };`);
    expect(headers(only(f))).toEqual({ a: '1', 'd?': '<unknown>', '…': 'open' });
  });
});

describe('origin reads', () => {
  it('lists where the handler and its helpers read the Origin header', () => {
    const p = project({
      'handler.js': `
        const { cors } = require('./cors');
        exports.main = async (event) => {
          const { origin } = event.headers;
          return { headers: { ...cors(event), 'X-Origin': origin } };
        };
        exports.other = async () => ({ statusCode: 200 });`,
      'cors.js': "exports.cors = (event) => ({ 'Access-Control-Allow-Origin': event.headers['Origin'] || '*', Vary: 'Origin' });",
    });
    expect(p.facts().readsOrigin?.map(p.text)).toEqual(['origin', "event.headers['Origin']"]);
    expect(p.facts('handler.other').readsOrigin).toEqual([]);
  });
});

describe('termination', () => {
  it('a helper calling itself', () => {
    const f = facts(`
      function retry(n) { if (n > 0) return retry(n - 1); return { statusCode: 200, headers: { A: '1' } }; }
      exports.main = async () => retry(3);`);
    expect(f.responses.map(headers)).toEqual([{ '…': 'open' }, { a: '1' }]);
  });

  it('modules importing each other', () => {
    // handler.js needs b.js's exports while it runs, and b.js needs handler.js's: the inner read is unknown.
    const p = project({
      'handler.js': `
        exports.base = { A: '1' };
        const { headers } = require('./b');
        exports.main = async () => ({ headers: headers() });`,
      'b.js': `
        const { base } = require('./handler');
        exports.headers = () => ({ ...base, B: '2' });`,
    });
    expect(headers(only(p.facts()))).toEqual({ b: '2', '…': 'open' });
  });

  it('circular re-exports', () => {
    const p = project({
      'handler.ts': "export { main } from './a.js';",
      'a.ts': "export { main } from './b.js';",
      'b.ts': "export { main } from './a.js';",
    });
    expect(p.facts()).toMatchObject({ responses: [], complete: false });
  });
});

describe('robustness', () => {
  const odd: [string, string][] = [
    ['classes and generators', 'class A { static ok() { return {}; } get x() { return 1; } }\nfunction* g() { yield 1; }\nexports.main = async () => A.ok();'],
    [
      'labels, sequences and updates',
      'exports.main = async (e) => { let i = 0; outer: for (;;) { for (const k in e) { i++; if (k) continue outer; break outer; } } return (i, { statusCode: 200 }); };',
    ],
    ['sloppy-mode with and arguments', 'exports.main = function () { with (arguments[0]) { return { headers: headers }; } };'],
    [
      'destructuring assignment and defaults',
      'exports.main = async (e = {}, ...rest) => { let a, b; [a, { b = 2 } = {}] = rest; ({ a: e.x } = e); return { headers: { A: a, B: b } }; };',
    ],
    ['self-referencing objects', 'const o = { }; o.o = o; o.headers = o; exports.main = async () => o;'],
    ['JSX', 'exports.main = async () => ({ statusCode: 200, body: <div>{1}</div> });'],
    [
      'getters, computed methods, private fields',
      'const k = "headers"; exports.main = async () => ({ get statusCode() { return 1; }, [k]: { [Symbol.iterator]: 1 } });',
    ],
    ['throwing in every branch of a switch', 'exports.main = async (e) => { switch (e) { case 1: throw 1; default: throw 2; } };'],
  ];
  for (const [name, source] of odd) {
    it(`follows what it can of ${name}`, () => {
      const r = project({ 'handler.js': source }).analyze();
      expect(r.status).toBe('analysed');
    });
  }

  it('past the call depth cap values are unknown', () => {
    const source =
      Array.from({ length: 30 }, (_, i) => `const f${i} = (x) => f${i + 1}(x);`).join('\n') +
      '\nconst f30 = (x) => ({ headers: x });\nexports.main = async () => f0({ A: 1 });';
    expect(facts(source).responses.map(headers)).toEqual([{ '…': 'open' }]);
  });
});

describe('the seed guide', () => {
  it('the TL;DR handler sends ACAO * with credentials through callback', () => {
    const source = `'use strict';

module.exports.getProduct = (event, context, callback) => {

  // Do work to retrieve Product
  const product = retrieveProduct(event);

  const response = {
    statusCode: 200,
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Credentials': true,
    },
    body: JSON.stringify({
      product: product
    }),
  };

  callback(null, response);
};
`;
    const p = project({ 'handler.js': source });
    const f = p.facts('handler.getProduct');
    expect(f.complete).toBe(true);
    const r = only(f);
    expect(p.text(r.site)).toBe('callback(null, response)');
    expect(r.builtAt).toBeUndefined();
    expect(r.statusCode).toBe(200);
    expect(r.headers.open).toBe(false);
    expect(headers(r)).toEqual({ 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' });
    const acac = r.headers.entries['access-control-allow-credentials'];
    expect(acac.value).toEqual({ kind: 'literal', value: true });
    expect(p.text(acac.span)).toBe("'Access-Control-Allow-Credentials': true");
  });
});
