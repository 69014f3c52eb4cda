// Writes a synthetic Serverless monorepo for the benchmark (bench/README.md): SERVICES services ×
// FUNCTIONS functions, the same tree for the same seed. Services take turns among five kinds:
// TypeScript handlers returning literal responses or calling shared helpers in libs/ through a
// tsconfig path alias, TypeScript wrapped in middy, Express behind serverless-http, and Python.
// Configs use ${self:}, ${file()} (a CORS file shared by every service), ${sls:stage}, authorizers
// and API Gateway gateway responses; about one function in ten has a CORS defect, as in real code.
// Usage: node bench/generate.mjs DIR [SERVICES=200] [FUNCTIONS=10] [SEED=1]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const KINDS = ['ts-alias', 'ts-literal', 'middy', 'express', 'python'];

/** A small seeded PRNG (mulberry32): the same seed writes the same tree. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENTITIES = ['item', 'order', 'customer', 'invoice', 'product', 'cart', 'review', 'shipment', 'coupon', 'user', 'report', 'ticket'];
const METHODS = ['get', 'post', 'put', 'delete', 'patch'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** The shared libraries every service may import. */
function libs(write) {
  write(
    'libs/http/origins.ts',
    `export const ALLOWED_ORIGINS = ['https://app.example.com', 'https://admin.example.com'];
export const PRIMARY_ORIGIN = ALLOWED_ORIGINS[0];
`,
  );
  write(
    'libs/http/response.ts',
    `import { PRIMARY_ORIGIN } from './origins';

export interface HttpResponse {
  statusCode: number;
  headers?: Record<string, string | boolean>;
  body: string;
}

export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': PRIMARY_ORIGIN,
  'Access-Control-Allow-Credentials': true,
};

const json = (statusCode: number, body: unknown): HttpResponse => ({
  statusCode,
  headers: { ...CORS_HEADERS, 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

export const ok = (body: unknown) => json(200, body);
export const created = (body: unknown) => json(201, body);
export const badRequest = (message: string) => json(400, { message });
export const notFound = (what: string) => json(404, { message: \`\${what} not found\` });
export const serverError = (error: unknown) => {
  console.error(error);
  return json(500, { message: 'internal error' });
};
`,
  );
  write(
    'libs/http/errors.ts',
    `export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const isHttpError = (e: unknown): e is HttpError => e instanceof HttpError;
`,
  );
  write(
    'libs/middy/wrap.ts',
    `import middy from '@middy/core';
import cors from '@middy/http-cors';
import httpErrorHandler from '@middy/http-error-handler';
import jsonBodyParser from '@middy/http-json-body-parser';
import { ALLOWED_ORIGINS } from '@libs/http/origins';

export const wrap = (handler: Parameters<typeof middy>[0]) =>
  middy(handler).use(jsonBodyParser()).use(cors({ origins: ALLOWED_ORIGINS, credentials: true })).use(httpErrorHandler());
`,
  );
  for (const entity of ENTITIES) {
    const E = cap(entity);
    write(
      `libs/data/${entity}s.ts`,
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';

export interface ${E} {
  id: string;
  ownerId: string;
  createdAt: string;
  updatedAt?: string;
  attributes: Record<string, unknown>;
}

const TABLE = process.env.${entity.toUpperCase()}_TABLE ?? '${entity}s';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function get${E}(id: string): Promise<${E} | undefined> {
  const { Item } = await client.send(new GetCommand({ TableName: TABLE, Key: { id } }));
  return Item as ${E} | undefined;
}

export async function list${E}s(ownerId: string, limit = 25): Promise<${E}[]> {
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: TABLE,
      IndexName: 'byOwner',
      KeyConditionExpression: 'ownerId = :o',
      ExpressionAttributeValues: { ':o': ownerId },
      Limit: limit,
    }),
  );
  return Items as ${E}[];
}

export async function save${E}(value: ${E}): Promise<${E}> {
  const now = new Date().toISOString();
  const item = { ...value, updatedAt: now, createdAt: value.createdAt ?? now };
  await client.send(new PutCommand({ TableName: TABLE, Item: item }));
  return item;
}

export async function delete${E}(id: string): Promise<void> {
  await client.send(new DeleteCommand({ TableName: TABLE, Key: { id } }));
}
`,
    );
  }
  write(
    'libs/validation/index.ts',
    `export type Check<T> = (value: unknown) => value is T;

export const isString: Check<string> = (v): v is string => typeof v === 'string' && v.length > 0;
export const isId: Check<string> = (v): v is string => isString(v) && /^[a-z0-9-]{6,64}$/.test(v);

export function parseBody(body: string | null | undefined): Record<string, unknown> | undefined {
  if (!body) return undefined;
  try {
    const value = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function missing(body: Record<string, unknown>, fields: string[]): string[] {
  return fields.filter((f) => body[f] === undefined || body[f] === null || body[f] === '');
}
`,
  );
  write(
    'libs/js/respond.js',
    `'use strict';
const HEADERS = { 'Access-Control-Allow-Origin': 'https://app.example.com', 'Content-Type': 'application/json' };

function respond(statusCode, body) {
  return { statusCode, headers: HEADERS, body: JSON.stringify(body) };
}

module.exports = { respond, HEADERS };
`,
  );
  write(
    'libs/auth/authorizer.ts',
    `import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';

const policy = (principalId: string, effect: 'Allow' | 'Deny', resource: string) => ({
  principalId,
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
});

export const handler = async (event: APIGatewayTokenAuthorizerEvent) => {
  const token = event.authorizationToken?.replace(/^Bearer /, '');
  if (!token) throw new Error('Unauthorized');
  return policy(token.slice(0, 8), 'Allow', event.methodArn);
};
`,
  );
}

/** A TypeScript handler built on the shared helpers (through the `@libs/*` alias). */
function tsAliasHandler(entity, verb, defect) {
  const E = cap(entity);
  const lost = defect ? `\n  if (event.queryStringParameters?.dryRun) return { statusCode: 204, body: '' };` : '';
  return `import type { APIGatewayProxyEvent } from 'aws-lambda';
import { badRequest, created, notFound, ok, serverError } from '@libs/http/response';
import { isHttpError } from '@libs/http/errors';
import { isId, missing, parseBody } from '@libs/validation';
import { delete${E}, get${E}, list${E}s, save${E}, type ${E} } from '@libs/data/${entity}s';

const REQUIRED = ['ownerId', 'attributes'];

export const handler = async (event: APIGatewayProxyEvent) => {
  const id = event.pathParameters?.id;${lost}
  try {
    switch ('${verb}') {
      case 'get': {
        if (!isId(id)) return badRequest('a valid id is required');
        const found = await get${E}(id);
        return found ? ok(found) : notFound('${entity}');
      }
      case 'delete': {
        if (!isId(id)) return badRequest('a valid id is required');
        await delete${E}(id);
        return ok({ deleted: id });
      }
      default: {
        const body = parseBody(event.body);
        if (!body) return badRequest('the body must be a JSON object');
        const absent = missing(body, REQUIRED);
        if (absent.length > 0) return badRequest(\`missing: \${absent.join(', ')}\`);
        const owner = String(body.ownerId);
        if ((await list${E}s(owner, 1000)).length >= 1000) return badRequest('too many ${entity}s');
        const saved = await save${E}({ ...(body as unknown as ${E}), id: id ?? crypto.randomUUID() });
        return created(saved);
      }
    }
  } catch (error) {
    if (isHttpError(error)) return badRequest(error.message);
    return serverError(error);
  }
};
`;
}

/** A TypeScript handler that writes its responses out, headers and all. */
function tsLiteralHandler(entity, index, defect) {
  const origin = defect ? '' : `\n  'Access-Control-Allow-Origin': 'https://app.example.com',\n  'Access-Control-Allow-Credentials': true,`;
  return `import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const headers = {${origin}
  'Content-Type': 'application/json',
  'Cache-Control': 'no-store',
};

interface Page<T> {
  items: T[];
  next?: string;
}

function paginate<T>(items: T[], size: number, cursor?: string): Page<T> {
  const start = cursor ? Number.parseInt(cursor, 10) : 0;
  const slice = items.slice(start, start + size);
  return { items: slice, next: start + size < items.length ? String(start + size) : undefined };
}

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const size = Number(event.queryStringParameters?.size ?? '${10 + index}');
  if (!Number.isInteger(size) || size <= 0 || size > 100) {
    return { statusCode: 400, headers, body: JSON.stringify({ message: 'size must be 1..100' }) };
  }
  const all = Array.from({ length: ${20 + index * 3} }, (_, i) => ({ id: \`${entity}-\${i}\`, rank: i * ${index + 1} }));
  const page = paginate(all, size, event.queryStringParameters?.cursor);
  if (page.items.length === 0) {
    return { statusCode: 404, headers, body: JSON.stringify({ message: 'no ${entity}s' }) };
  }
  return {
    statusCode: 200,
    headers: { ...headers, 'X-Total-Count': String(all.length) },
    body: JSON.stringify(page),
  };
}
`;
}

/** A TypeScript handler wrapped in middy, either through the shared wrapper or its own chain. */
function middyHandler(entity, index, defect) {
  const E = cap(entity);
  const body = `const base = async (event: { pathParameters?: { id?: string }; body: Record<string, unknown> }) => {
  const id = event.pathParameters?.id;
  if (!id) throw new createError.BadRequest('id is required');
  const found = await get${E}(id);
  if (!found) throw new createError.NotFound('${entity} not found');
  const updated = await save${E}({ ...found, attributes: { ...found.attributes, ...event.body } });
  return { statusCode: 200, body: JSON.stringify(updated) };
};
`;
  const imports = `import createError from 'http-errors';
import { get${E}, save${E} } from '@libs/data/${entity}s';
`;
  if (index % 2 === 0) {
    return `${imports}import { wrap } from '@libs/middy/wrap';

${body}
export const handler = wrap(base);
`;
  }
  const chain = defect
    ? '.use(httpErrorHandler()).use(cors({ origin: ORIGIN, credentials: true }))'
    : '.use(cors({ origin: ORIGIN, credentials: true })).use(httpErrorHandler())';
  return `import middy from '@middy/core';
import cors from '@middy/http-cors';
import httpErrorHandler from '@middy/http-error-handler';
import jsonBodyParser from '@middy/http-json-body-parser';
${imports}
const ORIGIN = 'https://app.example.com';

${body}
export const handler = middy(base).use(jsonBodyParser())${chain};
`;
}

/** An Express app behind serverless-http: the routes of one function, with the cors package. */
function expressHandler(entity, index, defect) {
  const corsUse = defect ? '' : `app.use(cors({ origin: ['https://app.example.com', 'https://admin.example.com'], credentials: true }));\n`;
  return `'use strict';
const express = require('express');
const cors = require('cors');
const serverless = require('serverless-http');
const { HEADERS } = require('../../../libs/js/respond');

const app = express();
${corsUse}app.use(express.json({ limit: '${index + 1}mb' }));

const store = new Map();

app.get('/${entity}s/:id', (req, res) => {
  const value = store.get(req.params.id);
  if (!value) return res.status(404).json({ message: '${entity} not found' });
  res.set('Content-Type', HEADERS['Content-Type']);
  return res.json(value);
});

app.post('/${entity}s', (req, res) => {
  if (!req.body || typeof req.body.name !== 'string') return res.status(400).json({ message: 'name is required' });
  const id = String(store.size + 1);
  store.set(id, { id, ...req.body });
  return res.status(201).json(store.get(id));
});

app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ message: 'internal error' });
});

module.exports.handler = serverless(app);
`;
}

function pythonHandler(entity, index, defect) {
  const response = defect ? `{"statusCode": 200, "body": json.dumps(item)}` : 'ok(item)';
  return `import json
import os

from .lib.http import bad_request, not_found, ok

TABLE = os.environ.get("${entity.toUpperCase()}_TABLE", "${entity}s")
LIMIT = ${index + 5}


def handler(event, context):
    params = event.get("pathParameters") or {}
    item_id = params.get("id")
    if not item_id:
        return bad_request("id is required")
    item = load(item_id)
    if item is None:
        return not_found("${entity}")
    return ${response}


def load(item_id):
    if len(item_id) > LIMIT * 10:
        return None
    return {"id": item_id, "table": TABLE}
`;
}

const PY_LIB = `import json

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "https://app.example.com",
    "Access-Control-Allow-Credentials": True,
    "Vary": "Origin",
}


def respond(status, body):
    return {"statusCode": status, "headers": dict(CORS_HEADERS), "body": json.dumps(body)}


def ok(body):
    return respond(200, body)


def bad_request(message):
    return respond(400, {"message": message})


def not_found(what):
    return respond(404, {"message": f"{what} not found"})
`;

const GATEWAY_RESPONSES = (withCors) => `resources:
  Resources:
    GatewayResponseDefault4XX:
      Type: AWS::ApiGateway::GatewayResponse
      Properties:
        ResponseType: DEFAULT_4XX
        RestApiId:
          Ref: ApiGatewayRestApi
${
  withCors
    ? `        ResponseParameters:
          gatewayresponse.header.Access-Control-Allow-Origin: "'https://app.example.com'"
          gatewayresponse.header.Access-Control-Allow-Headers: "'Content-Type,Authorization'"
`
    : ''
}    GatewayResponseDefault5XX:
      Type: AWS::ApiGateway::GatewayResponse
      Properties:
        ResponseType: DEFAULT_5XX
        RestApiId:
          Ref: ApiGatewayRestApi
        ResponseParameters:
          gatewayresponse.header.Access-Control-Allow-Origin: "'https://app.example.com'"
`;

/**
 * Writes the monorepo into `dir` (replacing it) and returns what it wrote. `functions` per
 * service; every fifth service of a kind uses the HTTP API instead of the REST API.
 */
export function generate(dir, { services = 200, functions = 10, seed = 1 } = {}) {
  const rand = random(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  fs.rmSync(dir, { recursive: true, force: true });
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('.git/HEAD', 'ref: refs/heads/main\n');
  write('package.json', `${JSON.stringify({ name: 'bench-monorepo', private: true }, null, 2)}\n`);
  write(
    'tsconfig.base.json',
    `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, baseUrl: '.', paths: { '@libs/*': ['libs/*'] } } }, null, 2)}\n`,
  );
  write(
    'config/cors.yml',
    `origin: https://app.example.com
origins:
  - https://app.example.com
  - https://admin.example.com
headers:
  - Content-Type
  - Authorization
  - X-Request-Id
`,
  );
  libs(write);
  let defects = 0;
  for (let s = 0; s < services; s++) {
    const kind = KINDS[s % KINDS.length];
    const name = `svc-${String(s).padStart(3, '0')}-${kind}`;
    const root = `services/${name}`;
    const httpApi = Math.floor(s / KINDS.length) % 5 === 4 && kind !== 'express';
    const authorizer = kind !== 'python' && !httpApi && s % 2 === 0;
    const python = kind === 'python';
    const ext = kind === 'express' ? 'js' : 'ts';
    const fns = [];
    if (authorizer) fns.push(`  authorizer:\n    handler: src/authorizer.handler\n`);
    for (let f = 0; f < functions; f++) {
      const entity = pick(ENTITIES);
      const method = pick(METHODS);
      const defect = rand() < 0.1;
      if (defect) defects++;
      const file = python ? `handlers/fn${f}.py` : `src/handlers/fn${f}.${ext}`;
      const source = {
        'ts-alias': () => tsAliasHandler(entity, method, defect),
        'ts-literal': () => tsLiteralHandler(entity, f, defect),
        middy: () => middyHandler(entity, f, defect),
        express: () => expressHandler(entity, f, defect),
        python: () => pythonHandler(entity, f, defect),
      }[kind]();
      write(`${root}/${file}`, source);
      const handler = python ? `handlers/fn${f}.handler` : `src/handlers/fn${f}.handler`;
      const routePath = kind === 'express' ? `${entity}s/{proxy+}` : `${entity}s/fn${f}/{id}`;
      const httpMethod = kind === 'express' ? 'any' : method;
      const event = httpApi
        ? `      - httpApi:\n          path: /${routePath}\n          method: ${httpMethod}\n`
        : `      - http:\n          path: ${routePath}\n          method: ${httpMethod}\n          cors:\n            origin: \${self:custom.corsOrigin}\n            headers: \${file(../../config/cors.yml):headers}\n            allowCredentials: true\n${authorizer ? '          authorizer: authorizer\n' : ''}`;
      fns.push(`  fn${f}:\n    handler: ${handler}\n    events:\n${event}`);
    }
    if (authorizer) write(`${root}/src/authorizer.ts`, `export { handler } from '@libs/auth/authorizer';\n`);
    if (python) {
      write(`${root}/handlers/__init__.py`, '');
      write(`${root}/handlers/lib/__init__.py`, '');
      write(`${root}/handlers/lib/http.py`, PY_LIB);
    } else {
      write(
        `${root}/tsconfig.json`,
        `${JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { baseUrl: '../..', outDir: 'dist' }, include: ['src'] }, null, 2)}\n`,
      );
      const deps = {
        'ts-alias': { '@aws-sdk/client-dynamodb': '^3.600.0', '@aws-sdk/lib-dynamodb': '^3.600.0' },
        'ts-literal': {},
        middy: {
          '@middy/core': '^5.4.5',
          '@middy/http-cors': '^5.4.5',
          '@middy/http-error-handler': '^5.4.5',
          '@middy/http-json-body-parser': '^5.4.5',
          'http-errors': '^2.0.0',
        },
        express: { cors: '^2.8.5', express: '^4.21.0', 'serverless-http': '^3.2.0' },
      }[kind];
      write(`${root}/package.json`, `${JSON.stringify({ name, private: true, dependencies: deps }, null, 2)}\n`);
    }
    const provider = [
      `  name: aws`,
      `  runtime: ${python ? 'python3.12' : 'nodejs20.x'}`,
      `  stage: \${opt:stage, 'dev'}`,
      `  environment:\n    SERVICE: ${name}\n    STAGE: \${sls:stage}`,
      ...(httpApi
        ? [
            `  httpApi:\n    cors:\n      allowedOrigins: \${file(../../config/cors.yml):origins}\n      allowedHeaders: \${file(../../config/cors.yml):headers}\n      allowCredentials: true`,
          ]
        : []),
    ].join('\n');
    write(
      `${root}/serverless.yml`,
      `service: ${name}
frameworkVersion: '3'

custom:
  corsOrigin: \${file(../../config/cors.yml):origin}
  tableName: ${name}-\${sls:stage}

provider:
${provider}

functions:
${fns.join('')}${authorizer ? GATEWAY_RESPONSES(s % 4 === 0) : ''}`,
    );
  }
  return { services, functions, defects };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, services = '200', functions = '10', seed = '1'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node bench/generate.mjs DIR [SERVICES=200] [FUNCTIONS=10] [SEED=1]');
    process.exit(2);
  }
  const r = generate(dir, { services: Number(services), functions: Number(functions), seed: Number(seed) });
  console.log(`wrote ${r.services} services × ${r.functions} functions (${r.defects} with a CORS defect) to ${dir}`);
}
