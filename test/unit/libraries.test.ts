import { headers } from '../support/facts-view.js';
import { analyzedProject } from '../support/facts-view.js';
import { describe, expect, it } from 'vitest';
import { header, type HandlerFacts, type ResponseFact } from '../../src/analysis/facts.js';
import { declaredMajor, majorOf } from '../../src/analysis/js/libraries/versions.js';

const project = analyzedProject;

function facts(source: string, deps?: Record<string, string>, file = 'handler.js'): HandlerFacts {
  return project({ [file]: source }, deps).facts();
}

const acao = (f: ResponseFact) => header(f.headers, 'access-control-allow-origin').state;

const MIDDY = `
  const middy = require('@middy/core');
  const cors = require('@middy/http-cors');
  const base = async (event) => ({ statusCode: 200, body: 'ok' });`;

describe('middy', () => {
  it('@middy/http-cors v5: bare cors() sends *', () => {
    const f = facts(`${MIDDY}\nexports.main = middy(base).use(cors());`, { '@middy/http-cors': '^5.1.0' });
    expect(f.complete).toBe(true);
    expect(f.responses.map(headers)).toEqual([{ 'access-control-allow-origin': '*' }]);
    expect(f.middleware).toMatchObject([{ library: 'middy-http-cors', origin: 'default', version: 5, effectiveDefaultOrigin: '*', credentials: false }]);
  });

  it('@middy/http-cors v6: bare cors() sends no origin', () => {
    const p = project({ 'handler.js': `${MIDDY}\nexports.main = middy(base).use(cors());` }, { '@middy/http-cors': '^6.0.0' });
    const f = p.facts();
    expect(f.responses).toHaveLength(1);
    expect(acao(f.responses[0])).toBe('absent');
    expect(p.text(f.responses[0].site)).toBe("{ statusCode: 200, body: 'ok' }");
    expect(f.middleware).toMatchObject([{ version: 6, effectiveDefaultOrigin: 'none', origin: 'default' }]);
    expect(p.text(f.middleware![0].span)).toBe('cors()');
  });

  it('an undeclared version leaves the default origin unknown', () => {
    const f = facts(`${MIDDY}\nexports.main = middy(base).use(cors());`);
    expect(acao(f.responses[0])).toBe('unknown');
    expect(f.middleware![0]).toMatchObject({ effectiveDefaultOrigin: 'unknown' });
    expect(f.middleware![0].version).toBeUndefined();
  });

  it('a given origin is sent whatever the version', () => {
    const f = facts(`${MIDDY}\nexports.main = middy(base).use(cors({ origin: 'https://app.example.com' }));`, { '@middy/http-cors': '6.1.0' });
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin': 'https://app.example.com' });
    expect(f.middleware![0]).toMatchObject({ origin: 'static', originValue: 'https://app.example.com' });
  });

  it('origins with credentials echo allowlisted origins with Vary; * among them echoes any', () => {
    const list = facts(`${MIDDY}\nexports.main = middy(base).use(cors({ origins: ['https://a.example.com', 'https://b.example.com'], credentials: true }));`, {
      '@middy/http-cors': '^5.0.0',
    });
    expect(headers(list.responses[0])).toEqual({
      'access-control-allow-origin': '<allowlisted origin>',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
    expect(list.middleware![0]).toMatchObject({ origin: 'list', credentials: true });
    const star = facts(`${MIDDY}\nexports.main = middy(base).use(cors({ origins: ['*'], credentials: true }));`, { '@middy/http-cors': '^5.0.0' });
    expect(headers(star.responses[0])['access-control-allow-origin']).toBe('<origin>');
    expect(star.middleware![0].origin).toBe('reflect-any');
    const wildcard = facts(`${MIDDY}\nexports.main = middy(base).use(cors({ origin: '*', credentials: true }));`, { '@middy/http-cors': '^4.0.0' });
    expect(headers(wildcard.responses[0])['access-control-allow-origin']).toBe('<origin>');
  });

  it("the handler's own Access-Control-Allow-Origin is kept", () => {
    const f = facts(
      `${MIDDY}
      const own = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://x.example.com' } });
      exports.main = middy(own).use(cors());`,
      { '@middy/http-cors': '^5.0.0' },
    );
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin': 'https://x.example.com' });
  });

  it('http-error-handler: error responses carry CORS only when cors is registered before it (5.x)', () => {
    const src = (chain: string) => `${MIDDY}
      const httpErrorHandler = require('@middy/http-error-handler');
      exports.main = middy(base)${chain};`;
    const good = project({ 'handler.js': src('.use(cors()).use(httpErrorHandler())') }, { '@middy/core': '^5.0.0', '@middy/http-cors': '^5.0.0' });
    const g = good.facts();
    expect(g.responses.map((r) => [good.text(r.site), acao(r)])).toEqual([
      ["{ statusCode: 200, body: 'ok' }", 'present'],
      ['httpErrorHandler()', 'present'],
    ]);
    expect(g.middleware![0]).toMatchObject({ hasErrorHandler: true });
    expect(g.middleware![0].lostOnError).toBeUndefined();
    const bad = project({ 'handler.js': src('.use(httpErrorHandler()).use(cors())') }, { '@middy/core': '^5.0.0', '@middy/http-cors': '^5.0.0' });
    const b = bad.facts();
    expect(b.responses.map(acao)).toEqual(['present', 'absent']);
    expect(bad.text(b.middleware![0].lostOnError!.errorHandler.span)).toBe('httpErrorHandler()');
  });

  describe('onError per @middy/core major', () => {
    const ERROR_HANDLER = "const httpErrorHandler = require('@middy/http-error-handler');";
    const JSON_HANDLER = "const jsonErrors = require('middy-middleware-json-error-handler');";
    /** The error response's ACAO and what the cors fact says was lost, for a chain under one major. */
    const errorCase = (major: number, chain: string, corsMajor = major) => {
      const f = facts(
        `${MIDDY}
${ERROR_HANDLER}
${JSON_HANDLER}
exports.main = middy(base).use([${chain}]);`,
        {
          '@middy/core': `^${major}.0.0`,
          '@middy/http-cors': `^${corsMajor}.0.0`,
          '@middy/http-error-handler': `^${major}.0.0`,
        },
      );
      const lost = f.middleware![0].lostOnError;
      return [acao(f.responses[1]), lost && `${lost.cause}/${lost.position}/${lost.remedy}`];
    };
    const EH_FIRST = 'httpErrorHandler(), cors()';
    const CORS_FIRST = 'cors(), httpErrorHandler()';

    it('1.x: registration order, the error handler replaces the response: cors goes after it', () => {
      expect(errorCase(1, EH_FIRST)).toEqual(['present', undefined]);
      expect(errorCase(1, CORS_FIRST)).toEqual(['absent', 'replaced/before/swap']);
    });

    it('2.x: registration order, the error handler returns and ends the chain: cors goes before it', () => {
      expect(errorCase(2, CORS_FIRST)).toEqual(['present', undefined]);
      expect(errorCase(2, EH_FIRST)).toEqual(['absent', 'chain-ends/after/swap']);
      // @middy/http-cors 3+ adds nothing without a response, and 2.x's error handler ends the chain: no order helps.
      expect(errorCase(2, EH_FIRST, 4)).toEqual(['absent', 'chain-ends/after/versions']);
    });

    it.each([3, 4, 5, 6])('%i.x: reverse order: cors goes before the error handler', (major) => {
      expect(errorCase(major, CORS_FIRST)[0]).toBe(major >= 6 ? 'absent' : 'present');
      expect(errorCase(major, CORS_FIRST)[1]).toBeUndefined();
      expect(errorCase(major, EH_FIRST)).toEqual(['absent', 'runs-first/after/swap']);
    });

    it('middy-middleware-json-error-handler replaces the response on every major', () => {
      expect(errorCase(1, 'cors(), jsonErrors()')).toEqual(['absent', 'replaced/before/swap']);
      expect(errorCase(1, 'httpErrorHandler(), cors(), jsonErrors()')).toEqual(['absent', 'replaced/before/swap']);
      expect(errorCase(1, 'httpErrorHandler(), jsonErrors(), cors()')).toEqual(['present', undefined]);
      expect(errorCase(4, 'cors(), jsonErrors()')).toEqual(['present', undefined]);
      expect(errorCase(4, 'jsonErrors(), cors()')).toEqual(['absent', 'runs-first/after/swap']);
      // Two handlers that both replace the response: only registering cors last helps.
      expect(errorCase(1, 'cors(), httpErrorHandler(), jsonErrors()')).toEqual(['absent', 'replaced/before/last']);
    });

    it('legacy middy 0.x: registration order, its httpErrorHandler replaces the response', () => {
      const legacy = (chain: string) => {
        const f = facts(
          `const middy = require('middy');\nconst { cors, httpErrorHandler } = require('middy/middlewares');\nexports.main = middy(async () => ({ statusCode: 200 })).use(${chain});`,
        );
        return [acao(f.responses[1]), f.middleware![0].lostOnError?.cause];
      };
      expect(legacy('httpErrorHandler()).use(cors()')).toEqual(['present', undefined]);
      expect(legacy('cors()).use(httpErrorHandler()')).toEqual(['absent', 'replaced']);
    });

    it('an unknown core major, or a project middleware with onError, leaves the error response unknown', () => {
      const unknownCore = facts(`${MIDDY}\n${ERROR_HANDLER}\nexports.main = middy(base).use(httpErrorHandler()).use(cors());`);
      expect(acao(unknownCore.responses[1])).toBe('unknown');
      expect(unknownCore.middleware![0].lostOnError).toBeUndefined();
      const deps = { '@middy/core': '^4.0.0', '@middy/http-cors': '^4.0.0' };
      const custom = facts(
        `${MIDDY}\n${ERROR_HANDLER}\nconst mine = { onError: async (r) => {} };\nexports.main = middy(base).use([httpErrorHandler(), cors(), mine]);`,
        deps,
      );
      expect(acao(custom.responses[1])).toBe('unknown');
      // A project middleware without onError changes nothing there.
      const before = facts(
        `${MIDDY}\n${ERROR_HANDLER}\nconst mine = { before: async (r) => {} };\nexports.main = middy(base).use([httpErrorHandler(), cors(), mine]);`,
        deps,
      );
      expect(before.middleware![0].lostOnError?.cause).toBe('runs-first');
    });

    it('the core major defaults to that of the official middlewares when they agree', () => {
      const f = facts(`${MIDDY}\n${ERROR_HANDLER}\nexports.main = middy(base).use(httpErrorHandler()).use(cors());`, {
        '@middy/http-cors': '^4.0.0',
        '@middy/http-error-handler': '^4.0.0',
      });
      expect(f.middleware![0].lostOnError).toMatchObject({ core: 4, cause: 'runs-first' });
    });
  });

  it('handler(fn), use([a, b]) and a chain split across statements', () => {
    const deps = { '@middy/http-cors': '^5.0.0' };
    const shapes = [
      'exports.main = middy().use(cors()).handler(base);',
      "exports.main = middy(base).use([require('@middy/http-json-body-parser')(), cors()]);",
      'const h = middy(base);\nh.use(cors());\nexports.main = h;',
    ];
    for (const shape of shapes) {
      const f = facts(`${MIDDY}\n${shape}`, deps);
      expect(f.responses.map(headers), shape).toEqual([{ 'access-control-allow-origin': '*' }]);
    }
  });

  it('a project-local middyfy factory is followed through its body', () => {
    const p = project(
      {
        'libs/lambda.ts': `
          import middy from '@middy/core';
          import middyJsonBodyParser from '@middy/http-json-body-parser';
          export const middyfy = (handler) => middy(handler).use(middyJsonBodyParser());`,
        'libs/api-gateway.ts': `export const formatJSONResponse = (response: Record<string, unknown>) => ({ statusCode: 200, body: JSON.stringify(response) });`,
        'handler.ts': `
          import { formatJSONResponse } from './libs/api-gateway';
          import { middyfy } from './libs/lambda';
          const hello = async (event) => formatJSONResponse({ message: 'hi' });
          export const main = middyfy(hello);`,
      },
      { '@middy/core': '^3.0.0' },
    );
    const f = p.facts();
    expect(f.complete).toBe(true);
    expect(f.responses.map(acao)).toEqual(['absent']);
    expect(f.middleware).toBeUndefined();
  });

  it('an unknown middleware opens the bag', () => {
    const f = facts(`${MIDDY}\nexports.main = middy(base).use({ after: async (request) => {} });`);
    expect(headers(f.responses[0])).toEqual({ '…': 'open' });
  });

  it('legacy middy 0.x with middy/middlewares: *, REST only', () => {
    const f = facts(`
      const middy = require('middy');
      const { cors, httpErrorHandler } = require('middy/middlewares');
      const base = (event, context, callback) => callback(null, { statusCode: 200 });
      module.exports.main = middy(base).use(httpErrorHandler()).use(cors({ credentials: true }));`);
    expect(f.responses.map(headers)).toEqual([
      { 'access-control-allow-origin': '<origin>', 'access-control-allow-credentials': 'true' },
      { 'access-control-allow-origin': '<origin>', 'access-control-allow-credentials': 'true' },
    ]);
    expect(f.middleware).toMatchObject([
      { library: 'middy-legacy', restOnly: true, origin: 'reflect-any', effectiveDefaultOrigin: '*', hasErrorHandler: true },
    ]);
  });

  it('@middy/http-cors 1.x is REST only', () => {
    const f = facts(`${MIDDY}\nexports.main = middy(base).use(cors());`, { '@middy/http-cors': '~1.5.2' });
    expect(f.middleware![0]).toMatchObject({ version: 1, restOnly: true });
  });
});

describe('package versions', () => {
  it('reads ranges, and a lockfile entry wins', () => {
    expect([majorOf('^5.0.0'), majorOf('~6.1'), majorOf('5.x'), majorOf('4'), majorOf('>=5'), majorOf('latest'), majorOf('^5 || ^6')]).toEqual([
      5,
      6,
      5,
      4,
      undefined,
      undefined,
      undefined,
    ]);
    const files: Record<string, string> = {
      '/repo/package.json': JSON.stringify({ devDependencies: { '@middy/http-cors': '^4.0.0' } }),
      '/repo/svc/package.json': JSON.stringify({ dependencies: { '@middy/core': '^6.0.0' } }),
    };
    const read = (f: string) => files[f];
    expect(declaredMajor(read, '/repo/svc/src/handler.js', '@middy/http-cors', '/repo')).toBe(4);
    files['/repo/package-lock.json'] = JSON.stringify({ packages: { 'node_modules/@middy/http-cors': { version: '6.0.1' } } });
    expect(declaredMajor(read, '/repo/svc/src/handler.js', '@middy/http-cors', '/repo')).toBe(6);
    files['/repo/package-lock.json'] = '{ not json';
    expect(declaredMajor(read, '/repo/svc/src/handler.js', '@middy/http-cors', '/repo')).toBe(4);
  });

  it('reads the copy Node would load from package-lock.json, and yarn and pnpm lockfiles', () => {
    const files: Record<string, string> = {
      '/repo/package-lock.json': JSON.stringify({
        packages: { 'node_modules/@middy/core': { version: '4.7.0' }, 'svc/node_modules/@middy/core': { version: '2.5.7' } },
      }),
    };
    const read = (f: string) => files[f];
    expect(declaredMajor(read, '/repo/svc/src/handler.js', '@middy/core', '/repo')).toBe(2);
    expect(declaredMajor(read, '/repo/other/handler.js', '@middy/core', '/repo')).toBe(4);
    delete files['/repo/package-lock.json'];
    files['/repo/yarn.lock'] = '"@middy/core@^1.5.0", "@middy/core@^1.4.0":\n  version "1.5.2"\n\n"@middy/core-x@^3":\n  version "3.0.0"\n';
    expect(declaredMajor(read, '/repo/svc/handler.js', '@middy/core', '/repo')).toBe(1);
    files['/repo/yarn.lock'] = '"@middy/core@npm:^4.0.0":\n  version: 4.7.0\n\n"@middy/core@npm:^6.0.0":\n  version: 6.4.5\n';
    // Two majors: the declared range picks one, else nothing is known.
    expect(declaredMajor(read, '/repo/svc/handler.js', '@middy/core', '/repo')).toBeUndefined();
    files['/repo/svc/package.json'] = JSON.stringify({ dependencies: { '@middy/core': '^6.1.0' } });
    expect(declaredMajor(read, '/repo/svc/handler.js', '@middy/core', '/repo')).toBe(6);
    delete files['/repo/yarn.lock'];
    files['/repo/pnpm-lock.yaml'] = "packages:\n\n  /@middy/core/1.5.2:\n    resolution: {}\n\n  '@middy/http-cors@5.5.1':\n    resolution: {}\n";
    expect(declaredMajor(read, '/repo/handler.js', '@middy/core', '/repo')).toBe(1);
    expect(declaredMajor(read, '/repo/handler.js', '@middy/http-cors', '/repo')).toBe(5);
  });
});

const EXPRESS = `
  const serverless = require('serverless-http');
  const express = require('express');
  const cors = require('cors');
  const app = express();`;

describe('Express', () => {
  it('serverless-http with app.use(cors()): one response with *, at the adapter', () => {
    const p = project({ 'handler.js': `${EXPRESS}\napp.use(cors());\napp.get('/x', (req, res) => res.json({}));\nmodule.exports.main = serverless(app);` });
    const f = p.facts();
    expect(f.complete).toBe(true);
    expect(f.responses.map(headers)).toEqual([{ 'access-control-allow-origin': '*' }]);
    expect(p.text(f.responses[0].site)).toBe('serverless(app)');
    expect(f.middleware).toMatchObject([{ library: 'express-cors', origin: 'default', credentials: false, effectiveDefaultOrigin: '*' }]);
  });

  it('origin: true reflects any origin; credentials add ACAC', () => {
    const f = facts(`${EXPRESS}\napp.use(cors({ origin: true, credentials: true }));\nmodule.exports.main = serverless(app);`);
    expect(headers(f.responses[0])).toEqual({
      'access-control-allow-origin': '<origin>',
      vary: 'Origin',
      'access-control-allow-credentials': 'true',
      '…': 'open',
    });
    expect(f.middleware![0]).toMatchObject({ origin: 'reflect-any', credentials: true });
  });

  it('array, RegExp and function origins are allowlists with Vary; a string is static', () => {
    const cases: [string, string, string][] = [
      ["['https://a.example.com', 'https://b.example.com']", '<allowlisted origin>', 'list'],
      ['/\\.example\\.com$/', '<allowlisted origin>', 'list'],
      ['(origin, cb) => cb(null, true)', '<allowlisted origin>', 'function'],
      ["'https://a.example.com'", 'https://a.example.com', 'static'],
      ['process.env.ORIGIN', '<unknown>', 'unknown'],
    ];
    for (const [origin, value, kind] of cases) {
      const f = facts(`${EXPRESS}\nconst options = { origin: ${origin} };\napp.use(cors(options));\nmodule.exports.main = serverless(app);`);
      expect(headers(f.responses[0])['access-control-allow-origin'], origin).toBe(value);
      expect(f.middleware![0].origin, origin).toBe(kind);
      if (kind !== 'unknown') expect(headers(f.responses[0]).vary, origin).toBe('Origin');
    }
  });

  it('router-level and route-level cors apply to some responses only', () => {
    const router = facts(`${EXPRESS}
      const router = express.Router();
      router.use(cors());
      router.get('/items', (req, res) => res.json([]));
      app.use('/api', router);
      module.exports.main = serverless(app);`);
    expect(headers(router.responses[0])).toEqual({ 'access-control-allow-origin?': '*' });
    const route = facts(`${EXPRESS}\napp.get('/x', cors({ credentials: true }), (req, res) => res.send('x'));\nmodule.exports.main = serverless(app);`);
    expect(headers(route.responses[0])).toEqual({ 'access-control-allow-origin?': '*', 'access-control-allow-credentials?': 'true' });
  });

  it('cors registered after a route does not cover that route', () => {
    const f = facts(`${EXPRESS}\napp.get('/early', (req, res) => res.send('x'));\napp.use(cors());\nmodule.exports.main = serverless(app);`);
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin?': '*' });
  });

  it('without cors, the headers the routes set are followed', () => {
    const f = facts(
      `${EXPRESS}\napp.get('/x', (req, res) => { res.set('Access-Control-Allow-Origin', '*'); res.send('x'); });\nmodule.exports.main = serverless(app);`,
    );
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin': '*' });
    expect(f.complete).toBe(true);
  });

  it('a middleware sets headers before next(): the routes after it send them, error middleware too', () => {
    const f = facts(`${EXPRESS}
      app.use((req, res, next) => { res.header('Access-Control-Allow-Origin', 'https://app.example.com'); next(); });
      app.get('/x', (req, res, next) => (req.query.fail ? next(new Error('x')) : res.json({})));
      app.use((err, req, res, next) => res.status(500).json({ message: err.message }));
      module.exports.main = serverless(app);`);
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin': 'https://app.example.com' });
  });

  it('a middleware that sets the header on some requests only: present on some paths', () => {
    const f = facts(`${EXPRESS}
      app.use((req, res, next) => { if (req.query.x) res.header('Access-Control-Allow-Origin', '*'); next(); });
      app.get('/x', (req, res) => res.json({}));
      module.exports.main = serverless(app);`);
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin?': '*' });
  });

  it('no route sets the header: absent, the response built where the app is made', () => {
    const p = project({
      'handler.js': `${EXPRESS}\napp.use(express.json());\napp.get('/x', (req, res) => res.status(200).send('x'));\nmodule.exports.main = serverless(app);`,
    });
    const f = p.facts();
    expect(f.responses.map(acao)).toEqual(['absent']);
    expect(p.text(f.responses[0].builtAt)).toBe('express()');
    expect(f.complete).toBe(true);
  });

  it('an unknown middleware, an unknown res method, or res handed to an unknown function: open, not fully analysed', () => {
    for (const [code, reason] of [
      [`app.use(require('passport').initialize());\napp.get('/x', (req, res) => res.send('x'));`, 'cannot be followed'],
      [`app.get('/x', (req, res) => res.format({}));`, 'res.format'],
      [`app.get('/x', (req, res) => { res.customThing(); res.send('x'); });`, 'res.customThing(...) is not followed'],
      [`app.get('/x', (req, res) => render(res));`, 'the response object is passed to render(...)'],
    ]) {
      const f = facts(`${EXPRESS}\n${code}\nmodule.exports.main = serverless(app);`);
      expect(f.responses.map(acao), code).toEqual(['unknown']);
      expect(f.incompleteReason, code).toContain(reason);
    }
  });

  it('@codegenie/serverless-express and @vendia/serverless-express', () => {
    for (const pkg of ['@codegenie/serverless-express', '@vendia/serverless-express']) {
      const f = facts(
        `
        import serverlessExpress from '${pkg}';
        import express from 'express';
        import cors from 'cors';
        const app = express();
        app.use(cors({ origin: 'https://app.example.com' }));
        export const main = serverlessExpress({ app });`,
        undefined,
        'handler.mjs',
      );
      expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin': 'https://app.example.com', vary: 'Origin', '…': 'open' });
    }
  });

  it('aws-serverless-express proxy answers through context.succeed, or its promise', () => {
    const setup = `
      const awsServerlessExpress = require('aws-serverless-express');
      const express = require('express');
      const app = express();
      app.use(require('cors')());
      const server = awsServerlessExpress.createServer(app);`;
    const p = project({ 'handler.js': `${setup}\nexports.main = (event, context) => { awsServerlessExpress.proxy(server, event, context); };` });
    const f = p.facts();
    expect(f.responses.map(acao)).toEqual(['present']);
    expect(p.text(f.responses[0].site)).toBe('awsServerlessExpress.proxy(server, event, context)');
    const promise = facts(`${setup}\nexports.main = (event, context) => awsServerlessExpress.proxy(server, event, context, 'PROMISE').promise;`);
    expect(promise.responses.map(acao)).toEqual(['present']);
  });

  it('an adapter called from the handler gives its response there', () => {
    const p = project({
      'handler.js': `${EXPRESS}\napp.use(cors());\nconst handler = serverless(app);\nmodule.exports.main = async (event, context) => {\n  return await handler(event, context);\n};`,
    });
    const f = p.facts();
    expect(f.responses.map(headers)).toEqual([{ 'access-control-allow-origin': '*', '…': 'open' }]);
    expect(p.text(f.responses[0].site)).toBe('return await handler(event, context);');
    expect(f.middleware).toHaveLength(1);
  });

  it('an app cors-lint does not model stays silent', () => {
    const f = facts(`
      const serverless = require('serverless-http');
      const Koa = require('koa');
      const app = new Koa();
      module.exports.main = serverless(app);`);
    expect(f).toMatchObject({ responses: [], complete: false, incompleteReason: 'serverless-http serves an app cors-lint does not model' });
  });
});

describe('lambda-api', () => {
  it('res.cors() in api.use, api.run as the response', () => {
    const p = project({
      'handler.js': `
        const api = require('lambda-api')();
        api.use((req, res, next) => { res.cors({ credentials: true }); next(); });
        api.get('/users', async (req, res) => ({ tenant: req.headers['x-tenant-id'] }));
        exports.main = async (event, context) => api.run(event, context);`,
    });
    const f = p.facts();
    expect(f.responses.map(headers)).toEqual([{ 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true', '…': 'open' }]);
    expect(p.text(f.responses[0].site)).toBe('api.run(event, context)');
    expect(f.middleware).toMatchObject([{ library: 'lambda-api', origin: 'default', credentials: true }]);
    expect(p.text(f.middleware![0].span)).toBe('res.cors({ credentials: true })');
    expect(f.readsHeaders!.map((r) => r.name)).toEqual(['x-tenant-id']);
  });

  it('res.cors() inside one route applies to some responses only', () => {
    const f = facts(
      `
      import createAPI from 'lambda-api';
      const api = createAPI();
      api.get('/a', (req, res) => { res.cors({ origin: 'https://a.example.com' }); res.json({}); });
      export const main = (event, context) => api.run(event, context);`,
      undefined,
      'handler.mjs',
    );
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin?': 'https://a.example.com', '…': 'open' });
  });
});

describe('Powertools event handler', () => {
  for (const path of ['http', 'experimental-rest', 'rest']) {
    it(`new Router() + app.use(cors()) from …/${path}/middleware`, () => {
      const f = facts(
        `
        import { Router } from '@aws-lambda-powertools/event-handler/${path}';
        import { cors } from '@aws-lambda-powertools/event-handler/${path}/middleware';
        const app = new Router();
        app.use(cors({ origin: ['https://a.example.com', 'https://b.example.com'], credentials: true }));
        app.get('/todos', async () => ({ todos: [] }));
        export const main = async (event, context) => app.resolve(event, context);`,
        undefined,
        'handler.ts',
      );
      expect(headers(f.responses[0])).toEqual({
        'access-control-allow-origin': '<allowlisted origin>',
        vary: 'Origin',
        'access-control-allow-credentials': 'true',
        '…': 'open',
      });
      expect(f.middleware).toMatchObject([{ library: 'powertools', origin: 'list', credentials: true }]);
    });
  }

  it('defaults: *, no credentials, no Vary for a single origin', () => {
    const f = facts(`
      const { Router } = require('@aws-lambda-powertools/event-handler/http');
      const { cors } = require('@aws-lambda-powertools/event-handler/http/middleware');
      const app = new Router();
      app.use(cors());
      exports.main = (event, context) => app.resolve(event, context);`);
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin': '*', '…': 'open' });
  });
});

describe('Hono', () => {
  it('handle(app) with a path-scoped cors(): credentials add ACAC whatever the origin', () => {
    const p = project({
      'handler.ts': `
        import { Hono } from 'hono';
        import { cors } from 'hono/cors';
        import { handle } from 'hono/aws-lambda';
        const app = new Hono();
        app.use('/api/*', cors({ credentials: true }));
        app.get('/api/me', (c) => c.json({ id: c.req.header('X-User-Id') }));
        export const main = handle(app);`,
    });
    const f = p.facts();
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin?': '*', 'access-control-allow-credentials?': 'true', '…': 'open' });
    expect(p.text(f.responses[0].site)).toBe('handle(app)');
    expect(f.middleware).toMatchObject([{ library: 'hono', origin: 'default', credentials: true }]);
    expect(f.readsHeaders!.map((r) => r.name)).toEqual(['x-user-id']);
  });

  it("app.use('*', cors()) covers every response", () => {
    const f = facts(
      `
      import { Hono } from 'hono';
      import { cors } from 'hono/cors';
      import { handle } from 'hono/aws-lambda';
      const app = new Hono();
      app.use('*', cors({ origin: ['https://a.example.com'] }));
      export const main = handle(app);`,
      undefined,
      'handler.ts',
    );
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin': '<allowlisted origin>', vary: 'Origin', '…': 'open' });
  });
});

describe('Fastify', () => {
  it('awsLambdaFastify(app) with app.register(require("@fastify/cors"), { origin: true })', () => {
    const f = facts(`
      const awsLambdaFastify = require('@fastify/aws-lambda');
      const app = require('fastify')();
      app.register(require('@fastify/cors'), { origin: true });
      app.get('/', async (request) => ({ key: request.headers['x-api-key'] }));
      exports.main = awsLambdaFastify(app);`);
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin': '<origin>', vary: 'Origin', '…': 'open' });
    expect(f.middleware).toMatchObject([{ library: 'fastify-cors', origin: 'reflect-any' }]);
    expect(f.readsHeaders!.map((r) => r.name)).toEqual(['x-api-key']);
  });

  it('app.register(cors, opts) with an imported plugin; defaults to *', () => {
    const f = facts(
      `
      import Fastify from 'fastify';
      import cors from '@fastify/cors';
      import awsLambdaFastify from '@fastify/aws-lambda';
      const app = Fastify();
      await app.register(cors);
      export const main = awsLambdaFastify(app);`,
      undefined,
      'handler.mjs',
    );
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin': '*', '…': 'open' });
  });
});

describe('anything else', () => {
  it('an unknown wrapper stays unknown and silent', () => {
    const f = facts(`
      const wrap = require('@acme/lambda-kit');
      exports.main = wrap(async () => ({ statusCode: 200 }));`);
    expect(f).toMatchObject({ responses: [], complete: false, incompleteReason: 'handler is wrapped by wrap(...)' });
  });

  it('an app exported without an adapter is not a handler', () => {
    const f = facts(`const app = require('express')();\nexports.main = app;`);
    expect(f.complete).toBe(false);
    expect(f.responses).toEqual([]);
  });
});

describe('readsHeaders', () => {
  it('static names of request headers, lower-cased; dynamic names are not listed', () => {
    const p = project({
      'handler.js': `
        const helper = (headers) => headers['X-Request-Id'];
        exports.main = async (event) => {
          const tenant = event.headers['x-tenant-id'];
          const auth = event.headers.Authorization;
          const { origin } = event.headers;
          const name = process.env.HEADER;
          const dynamic = event.headers[name];
          const own = event.headers.hasOwnProperty('x');
          helper(event.headers);
          return { statusCode: 200 };
        };`,
    });
    const f = p.facts();
    expect(f.readsHeaders!.map((r) => [r.name, p.text(r.span)])).toEqual([
      ['x-tenant-id', "event.headers['x-tenant-id']"],
      ['authorization', 'event.headers.Authorization'],
      ['origin', 'origin'],
      ['x-request-id', "headers['X-Request-Id']"],
    ]);
    expect(f.readsOrigin!.map(p.text)).toEqual(['origin']);
  });

  it("Express routes: req.get('X') and req.headers['x']", () => {
    const f = facts(`${EXPRESS}
      app.use(cors());
      app.get('/x', (req, res) => res.json({ id: req.get('X-Request-Id'), y: req.headers['x-y'], o: req.header('Origin') }));
      module.exports.main = serverless(app);`);
    expect(f.readsHeaders!.map((r) => r.name)).toEqual(['x-request-id', 'x-y', 'origin']);
    expect(f.readsOrigin).toHaveLength(1);
  });
});

describe('Apollo Server on Lambda', () => {
  const APOLLO = `const { ApolloServer } = require('apollo-server-lambda');\nconst server = new ApolloServer({ typeDefs: '', resolvers: {} });\n`;

  it('apollo-server-lambda 2.x: no header without cors; origin true echoes, a list allowlists, credentials add ACAC', () => {
    const v2 = { 'apollo-server-lambda': '^2.26.2' };
    expect(headers(facts(`${APOLLO}module.exports.main = server.createHandler();`, v2).responses[0])).toEqual({});
    expect(headers(facts(`${APOLLO}module.exports.main = server.createHandler({ cors: { origin: true, credentials: true } });`, v2).responses[0])).toEqual({
      'access-control-allow-origin': '<origin>',
      'access-control-allow-credentials': 'true',
    });
    expect(headers(facts(`${APOLLO}module.exports.main = server.createHandler({ cors: { origin: ['https://a.example.com'] } });`, v2).responses[0])).toEqual({
      'access-control-allow-origin': '<allowlisted origin>',
    });
  });

  it('apollo-server-lambda 3.x: the cors package, * by default; an unknown version or plugins: not fully analysed', () => {
    const f = facts(`${APOLLO}module.exports.main = server.createHandler();`, { 'apollo-server-lambda': '^3.13.0' });
    expect(headers(f.responses[0])).toEqual({ 'access-control-allow-origin': '*' });
    expect(facts(`${APOLLO}module.exports.main = server.createHandler();`).incompleteReason).toContain('version');
    const plugins = `const { ApolloServer } = require('apollo-server-lambda');\nconst server = new ApolloServer({ plugins: [p] });\nmodule.exports.main = server.createHandler();`;
    expect(facts(plugins, { 'apollo-server-lambda': '^2.26.2' }).incompleteReason).toContain('plugins');
  });
});
