import { describe, expect, it } from 'vitest';
import type { HandlerFacts, RequestRead } from '../../src/analysis/facts.js';
import { createHandlerAnalyzer } from '../../src/analysis/index.js';
import { memoryFileSystem } from '../../src/fs.js';

const SVC = '/repo/svc';

function facts(source: string, deps?: Record<string, string>): HandlerFacts {
  const files: Record<string, string> = { [`${SVC}/handler.js`]: source };
  if (deps) files[`${SVC}/package.json`] = JSON.stringify({ name: 'svc', dependencies: deps });
  const r = createHandlerAnalyzer(memoryFileSystem(files), '/repo').analyze({ serviceDir: SVC, handler: 'handler.main' });
  if (r.status !== 'analysed') throw new Error(`not analysed: ${JSON.stringify(r)}`);
  return r.facts;
}

/** Each read as `text` plus `(guarded)`, in source order. */
function shown(source: string, reads: RequestRead[] | undefined): string[] | undefined {
  return reads
    ?.slice()
    .sort((a, b) => a.span.start - b.span.start)
    .map((r) => `${source.slice(r.span.start, r.span.end)}${r.guarded ? ' (guarded)' : ''}`);
}

describe('origin reads by spelling', () => {
  it('records member and destructuring reads as spelled', () => {
    const src = `exports.main = async (event) => {
      const a = event.headers.Origin;
      const { origin } = event.headers;
      const b = event.headers['ORIGIN'];
      return { statusCode: 200, body: a + origin + b };
    };`;
    expect(shown(src, facts(src).originReads)).toEqual(['event.headers.Origin', 'origin', "event.headers['ORIGIN']"]);
    expect(
      facts(src)
        .originReads!.map((r) => r.spelling)
        .sort(),
    ).toEqual(['ORIGIN', 'Origin', 'origin']);
  });

  it('marks reads that fall back on the other spelling, in either order, with || or ??', () => {
    const src = `exports.main = async (event) => {
      const a = event.headers.origin || event.headers.Origin;
      const b = event.headers?.Origin ?? event.headers?.origin ?? '';
      const { origin, Origin } = event.headers;
      return { statusCode: 200, body: a + b + origin + Origin };
    };`;
    expect(facts(src).originReads!.every((r) => r.guarded)).toBe(true);
    expect(facts(src).originReads).toHaveLength(6);
  });

  it('does not count a read of the other spelling in another statement', () => {
    const src = `exports.main = async (event) => {
      const a = event.headers.Origin;
      console.log(event.headers.origin);
      return { statusCode: 200, headers: { 'X-A': event.headers.Origin, 'X-B': event.headers.origin } };
    };`;
    expect(facts(src).originReads!.some((r) => r.guarded)).toBe(false);
  });

  it('follows the event into helpers but not framework getters', () => {
    const src = `const originOf = (e) => e.headers.Origin;
      exports.main = async (event) => ({ statusCode: 200, body: originOf(event) });`;
    expect(shown(src, facts(src).originReads)).toEqual(['e.headers.Origin']);
  });

  it('is unknown when the handler rewrites event.headers or a middleware normalises the event', () => {
    const rewrite = `exports.main = async (event) => {
      event.headers = Object.fromEntries(Object.entries(event.headers).map(([k, v]) => [k.toLowerCase(), v]));
      return { statusCode: 200, body: event.headers.origin };
    };`;
    expect(facts(rewrite).originReads).toBeUndefined();
    const normalised = `const middy = require('@middy/core');
      const normalizer = require('@middy/http-header-normalizer');
      const base = async (event) => ({ statusCode: 200, body: event.headers.origin + event.httpMethod });
      exports.main = middy(base).use(normalizer());`;
    expect(facts(normalised).originReads).toBeUndefined();
    expect(facts(normalised).readsHttpMethod).toBeUndefined();
    const plain = normalised.replace('.use(normalizer())', '');
    expect(facts(plain).originReads).toHaveLength(1);
  });
});

describe('httpMethod reads', () => {
  it('records event.httpMethod and marks the payload 2.0 fallback', () => {
    const src = `exports.main = async (event) => {
      if (event.httpMethod === 'OPTIONS') return { statusCode: 204 };
      const method = event.httpMethod || (event.requestContext && event.requestContext.http && event.requestContext.http.method);
      const { httpMethod } = event;
      return { statusCode: 200, body: method + httpMethod };
    };`;
    expect(shown(src, facts(src).readsHttpMethod)).toEqual(['event.httpMethod', 'event.httpMethod (guarded)', 'httpMethod']);
  });

  it('ignores httpMethod read off anything but the event', () => {
    const src = `exports.main = async (event) => ({ statusCode: 200, body: JSON.parse(event.body).httpMethod });`;
    expect(facts(src).readsHttpMethod).toEqual([]);
  });
});

describe('middy error handler order', () => {
  it('marks the error response that a cors registered after the error handler misses', () => {
    const src = (chain: string) => `const middy = require('@middy/core');
      const cors = require('@middy/http-cors');
      const httpErrorHandler = require('@middy/http-error-handler');
      exports.main = middy(async () => ({ statusCode: 200 }))${chain};`;
    const deps = { '@middy/http-cors': '^5.0.0' };
    const bad = facts(src('.use(httpErrorHandler()).use(cors())'), deps).responses.find((r) => r.lostCorsBy);
    expect(bad?.lostCorsBy).toBe('middy-order');
    expect(facts(src('.use(cors()).use(httpErrorHandler())'), deps).responses.some((r) => r.lostCorsBy)).toBe(false);
  });
});
