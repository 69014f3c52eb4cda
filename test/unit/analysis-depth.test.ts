import { analyzedProject } from '../support/facts-view.js';
import { describe, expect, it } from 'vitest';
import { header, type ResponseFact } from '../../src/analysis/facts.js';

/**
 * Shapes a sweep over real services found analysis missing silently: responses built by local
 * classes, responses settled inside promise chains, and responses whose value cannot be followed
 * (which must make the facts incomplete).
 */

const project = analyzedProject;

/** Header states by name, for the names asked. */
function states(fact: ResponseFact, ...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, header(fact.headers, n).state]));
}

function literalOf(fact: ResponseFact, name: string): unknown {
  const h = header(fact.headers, name);
  return h.state === 'present' && h.entry.value.kind === 'literal' ? h.entry.value.value : h.state;
}

const RESPONSE_CLASS = `
const DEFAULT_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' };

class Response {
  constructor(opts) {
    this.statusCode = opts.statusCode;
    this.body = JSON.stringify(opts.body);
    this.headers = { ...DEFAULT_HEADERS, ...opts.headers };
  }
}

module.exports = Response;
`;

describe('local classes as response builders', () => {
  it('follows the constructor of a CommonJS class (return and callback)', () => {
    const p = project({
      'lib/Response.js': RESPONSE_CLASS,
      'handler.js': `
        const Response = require('./lib/Response');
        exports.main = async (event) => {
          const body = { ok: true };
          return new Response({ statusCode: 200, body });
        };
        exports.cb = (event, context, callback) => {
          callback(null, new Response({ statusCode: 201, body: {} }));
        };`,
    });
    const f = p.facts();
    expect(f.complete).toBe(true);
    expect(f.responses).toHaveLength(1);
    const [r] = f.responses;
    expect(r.statusCode).toBe(200);
    expect(p.text(r.site)).toBe('return new Response({ statusCode: 200, body });');
    expect(literalOf(r, 'access-control-allow-origin')).toBe('*');
    expect(literalOf(r, 'access-control-allow-credentials')).toBe('true');
    expect(states(r, 'vary')).toEqual({ vary: 'absent' });
    const h = header(r.headers, 'access-control-allow-origin');
    expect(h.state === 'present' && p.text(h.entry.span)).toBe("'Access-Control-Allow-Origin': '*'");

    const g = p.facts('handler.cb');
    expect(g.complete).toBe(true);
    expect(g.responses.map((x) => [p.text(x.site), x.statusCode])).toEqual([['callback(null, new Response({ statusCode: 201, body: {} }))', 201]]);
    expect(literalOf(g.responses[0], 'access-control-allow-origin')).toBe('*');
  });

  it('reads class field initialisers and ESM default exports of a TypeScript class', () => {
    const p = project({
      'response.ts': `
        export default class JsonResponse {
          headers = { 'Content-Type': 'application/json' };
          statusCode: number;
          constructor(statusCode: number, readonly body: string) {
            this.statusCode = statusCode;
          }
        }`,
      'handler.ts': `
        import JsonResponse from './response';
        export const main = async () => new JsonResponse(200, '{}');`,
    });
    const f = p.facts();
    expect(f.complete).toBe(true);
    const [r] = f.responses;
    expect(r.statusCode).toBe(200);
    // A header the class never sets is absent: rules can report it.
    expect(states(r, 'content-type', 'access-control-allow-origin')).toEqual({ 'content-type': 'present', 'access-control-allow-origin': 'absent' });
  });

  it('runs super(...) of a local base class, then the derived fields; methods called on the instance are followed', () => {
    const p = project({
      'responses.mjs': `
        export class Base {
          constructor(statusCode, body) {
            this.statusCode = statusCode;
            this.body = body;
            this.headers = { 'Content-Type': 'application/json' };
          }
          withCors(origin) {
            this.headers['Access-Control-Allow-Origin'] = origin;
            return this;
          }
        }
        export class Ok extends Base {
          cache = 'no-store';
          constructor(body) {
            super(200, body);
            this.headers['Cache-Control'] = this.cache;
          }
        }
        export const Created = class extends Base {};`,
      'handler.mjs': `
        import { Ok, Created } from './responses.mjs';
        export async function main(event) {
          if (event.body) return new Created(201, event.body).withCors('https://app.example.com');
          return new Ok('{}');
        }`,
    });
    const f = p.facts();
    expect(f.complete).toBe(true);
    expect(f.responses.map((r) => r.statusCode)).toEqual([201, 200]);
    const [created, ok] = f.responses;
    expect(literalOf(created, 'access-control-allow-origin')).toBe('https://app.example.com');
    expect(literalOf(ok, 'cache-control')).toBe('no-store');
    expect(states(ok, 'access-control-allow-origin')).toEqual({ 'access-control-allow-origin': 'absent' });
  });

  it('follows static factories that construct with new this(...)', () => {
    const f = project({
      'handler.js': `
        class Reply {
          constructor(status) { this.statusCode = status; this.headers = { 'Access-Control-Allow-Origin': '*' }; }
          static ok() { return new this(200); }
        }
        exports.main = async () => Reply.ok();`,
    }).facts();
    expect(f.responses.map((r) => [r.statusCode, literalOf(r, 'access-control-allow-origin')])).toEqual([[200, '*']]);
  });

  it('leaves what it does not understand unknown: a package base, a getter, toJSON, decorators', () => {
    const cases: [string, string][] = [
      ['package base', `const { Base } = require('@acme/http'); class R extends Base { constructor() { super(); this.headers = { 'X-A': '1' }; } }`],
      ['getter', `class R { get headers() { return { 'X-A': '1' }; } }`],
      ['toJSON', `class R { constructor() { this.headers = {}; } toJSON() { return {}; } }`],
      ['decorator', `function sealed(c) { return c; }\n@sealed class R { headers = {}; }`],
    ];
    for (const [name, cls] of cases) {
      const f = project({ 'handler.ts': `${cls}\nexport const main = async () => new R();` }).facts();
      expect(f.responses, name).toHaveLength(1);
      expect(states(f.responses[0], 'access-control-allow-origin'), name).toEqual({ 'access-control-allow-origin': 'unknown' });
    }
  });

  it('treats an ES5 constructor function as an open instance', () => {
    const f = project({
      'handler.js': `
        function Res(status) { this.statusCode = status; this.headers = { 'Access-Control-Allow-Origin': '*' }; }
        exports.main = async () => new Res(200);`,
    }).facts();
    const [r] = f.responses;
    expect(r.statusCode).toBe(200);
    expect(literalOf(r, 'access-control-allow-origin')).toBe('*');
    expect(r.headers.open).toBe(true);
  });

  it('stops on classes that construct themselves', () => {
    const f = project({
      'handler.js': `
        class Loop { constructor() { this.next = new Loop(); } }
        class Field { inner = new Field(); }
        exports.main = async () => [new Loop(), new Field()] && { statusCode: 204 };`,
    }).facts();
    expect(f.responses.map((r) => r.statusCode)).toEqual([204]);
  });
});

describe('promise chains', () => {
  it('a .then callback written in the handler is the response site; .catch adds a path', () => {
    const p = project({
      'handler.js': `
        const { query } = require('./db');
        exports.main = (event) => {
          return query(event).then(([statusCode, body]) => ({
            statusCode,
            headers: { 'Access-Control-Allow-Origin': '*' },
            body,
          })).catch((err) => {
            return { statusCode: 500, body: String(err) };
          });
        };`,
      'db.js': `exports.query = (event) => Promise.all([200, fetchRows(event)]);`,
    });
    const f = p.facts();
    expect(f.complete).toBe(true);
    expect(
      f.responses.map((r) => [p.text(r.site)!.split('\n')[0], r.statusCode, states(r, 'access-control-allow-origin')['access-control-allow-origin']]),
    ).toEqual([
      ['{', 200, 'present'],
      ['return { statusCode: 500, body: String(err) };', 500, 'absent'],
    ]);
  });

  it('a response sent from a .then callback keeps the callback call as its site', () => {
    const p = project({
      'handler.js': `
        exports.main = (event, context, callback) => {
          fetchThing().then((thing) => callback(null, { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: thing }));
        };`,
    });
    const f = p.facts();
    expect(f.responses.map((r) => p.text(r.site)!.slice(0, 20))).toEqual(['callback(null, { sta']);
    expect(literalOf(f.responses[0], 'access-control-allow-origin')).toBe('*');
  });

  it('a callback defined in a helper module is built there: site is the return, builtAt the helper', () => {
    const p = project({
      'format.js': `exports.toResponse = (rows) => ({ statusCode: 200, headers: { 'X-Rows': 'yes' }, body: rows });`,
      'handler.js': `
        const { toResponse } = require('./format');
        exports.main = async () => { return loadRows().then(toResponse); };`,
    });
    const [r] = p.facts().responses;
    expect(p.text(r.site)).toBe('return loadRows().then(toResponse);');
    expect(p.text(r.builtAt)).toBe("{ statusCode: 200, headers: { 'X-Rows': 'yes' }, body: rows }");
  });

  it('new Promise resolves with what the executor passes to resolve', () => {
    const p = project({
      'handler.js': `
        exports.main = (event) => new Promise((resolve, reject) => {
          db.get({ id: 1 }, (err, item) => {
            if (err) return reject(err);
            resolve({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify(item) });
          });
        });`,
    });
    const f = p.facts();
    expect(f.complete).toBe(true);
    expect(f.responses.map((r) => p.text(r.site)!.slice(0, 30))).toEqual(['resolve({ statusCode: 200, hea']);
    expect(literalOf(f.responses[0], 'access-control-allow-origin')).toBe('*');
  });

  it('Promise.reject sends no response; an unknown .then result is incomplete', () => {
    const rejected = project({
      'handler.js': `exports.main = async (event) => { if (!event.body) return Promise.reject(new Error('no body')); return { statusCode: 204 }; };`,
    }).facts();
    expect(rejected.responses.map((r) => r.statusCode)).toEqual([204]);
    expect(rejected.complete).toBe(true);
    const unknown = project({ 'handler.js': `exports.main = () => fetch('https://x.example').then((r) => r.json());` }).facts();
    expect(unknown).toMatchObject({ complete: false, incompleteReason: 'response built by an unknown call to r.json(...)' });
  });
});

describe('responses whose value cannot be followed', () => {
  it('names the unknown call or the new of an unknown class', () => {
    const call = project({ 'handler.js': `const { buildResponse } = require('@acme/http');\nexports.main = async () => buildResponse(200);` }).facts();
    expect(call).toMatchObject({ complete: false, incompleteReason: 'response built by an unknown call to buildResponse(...)' });
    expect(call.responses[0].headers.open).toBe(true);
    const cls = project({ 'handler.js': `const { HttpResponse } = require('@acme/http');\nexports.main = async () => new HttpResponse(200);` }).facts();
    expect(cls.incompleteReason).toBe('response built by an unknown call to new HttpResponse(...)');
  });

  it('a value an unknown function passes to a callback is unknown, not missing', () => {
    const f = project({
      'handler.js': `
        exports.main = (event, context, callback) => {
          db.get(event.id, (err, data) => callback(null, data));
        };`,
    }).facts();
    expect(f.responses).toHaveLength(1);
    expect(f.responses[0].headers.open).toBe(true);
    expect(f).toMatchObject({ complete: false, incompleteReason: 'the response at handler.js:3 is a value that cannot be followed' });
  });

  it('serverless-express/handler wrappers are incomplete, as export or in the body', () => {
    const p = project({
      'handler.js': `
        const handler = require('serverless-express/handler');
        const app = require('./app');
        exports.api = handler(app);
        exports.inline = async (event) => handler(app)(event);`,
      'app.js': `module.exports = {};`,
    });
    expect(p.facts('handler.api')).toMatchObject({ complete: false, incompleteReason: 'handler is wrapped by handler(...)' });
    expect(p.facts('handler.inline')).toMatchObject({ complete: false, incompleteReason: 'response built by an unknown call to handler(...)' });
  });
});
