import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { header, type HandlerFacts, type HandlerResult, type HeaderState, type ResponseFact } from '../../src/analysis/facts.js';
import { analyzePythonHandler, createPythonAnalyzer } from '../../src/analysis/python/index.js';
import { parsePython } from '../../src/analysis/python/parse.js';
import { decodeString } from '../../src/analysis/python/strings.js';
import { memoryFileSystem } from '../../src/fs.js';
import type { Span } from '../../src/source.js';

const ROOT = '/repo';
const HANDLER = '/repo/svc/handler.py';

function analyse(files: Record<string, string>, exportName = 'hello', file = HANDLER): HandlerResult {
  return analyzePythonHandler(memoryFileSystem(files), file, exportName, ROOT);
}

function facts(files: Record<string, string>, exportName = 'hello', file = HANDLER): HandlerFacts {
  const result = analyse(files, exportName, file);
  if (result.status !== 'analysed') throw new Error(`expected analysed, got ${JSON.stringify(result)}`);
  return result.facts;
}

/** The source text a span covers. */
function text(files: Record<string, string>, span: Span | undefined): string | undefined {
  return span && files[span.file].slice(span.start, span.end);
}

function acao(r: ResponseFact): HeaderState {
  return header(r.headers, 'Access-Control-Allow-Origin');
}

/** A compact view: per response, its site text and ACAO / ACAC states and values. */
function summary(files: Record<string, string>, f: HandlerFacts) {
  return f.responses.map((r) => ({
    site: text(files, r.site),
    acao: describeHeader(header(r.headers, 'access-control-allow-origin')),
    acac: describeHeader(header(r.headers, 'access-control-allow-credentials')),
  }));
}

function describeHeader(h: HeaderState): unknown {
  if (h.state !== 'present') return h.state;
  const v = h.entry.value;
  return v.kind === 'literal' ? v.value : v.kind === 'request-origin' ? `origin${v.allowlisted ? ' (allowlisted)' : ''}` : 'unknown value';
}

describe('plain handlers', () => {
  it('reads a dict literal returned directly', () => {
    const files = {
      [HANDLER]: `import json

def hello(event, context):
    return {
        "statusCode": 200,
        "headers": {"Access-Control-Allow-Origin": "https://app.example.com", 'Access-Control-Allow-Credentials': True},
        "body": json.dumps({"ok": True}),
    }
`,
    };
    const f = facts(files);
    expect(f.complete).toBe(true);
    expect(text(files, f.exportSpan)).toMatch(/^def hello\(event, context\):/);
    expect(f.responses).toHaveLength(1);
    const [r] = f.responses;
    expect(r.statusCode).toBe(200);
    expect(text(files, r.site)).toMatch(/^return \{/);
    const origin = acao(r);
    expect(origin.state === 'present' && origin.entry).toMatchObject({
      name: 'Access-Control-Allow-Origin',
      value: { kind: 'literal', value: 'https://app.example.com' },
      always: true,
    });
    expect(origin.state === 'present' && text(files, origin.entry.span)).toBe('"Access-Control-Allow-Origin": "https://app.example.com"');
    expect(origin.state === 'present' && text(files, origin.entry.valueSpan)).toBe('"https://app.example.com"');
    expect(summary(files, f)[0].acac).toBe(true);
    expect(header(r.headers, 'X-Other')).toEqual({ state: 'absent' });
  });

  it('follows a variable and a header added after construction', () => {
    const files = {
      [HANDLER]: `def hello(event, context):
    response = {"statusCode": 200, "headers": {}}
    response["headers"]["Access-Control-Allow-Origin"] = "*"
    response['headers'].update({'Vary': 'Origin'})
    return response
`,
    };
    const f = facts(files);
    const [r] = f.responses;
    const origin = acao(r);
    expect(origin.state === 'present' && text(files, origin.entry.span)).toBe('response["headers"]["Access-Control-Allow-Origin"] = "*"');
    expect(header(r.headers, 'vary').state).toBe('present');
    expect(text(files, r.site)).toBe('return response');
  });

  it('reports a missing ACAO on an error path only', () => {
    const files = {
      [HANDLER]: `CORS = {"Access-Control-Allow-Origin": "https://app.example.com"}

async def hello(event, context):
    try:
        item = load(event)
    except KeyError:
        return {"statusCode": 404, "body": "missing"}
    return {"statusCode": 200, "headers": {**CORS, "Content-Type": "application/json"}, "body": item}
`,
    };
    const f = facts(files);
    expect(f.complete).toBe(true);
    expect(summary(files, f)).toEqual([
      { site: 'return {"statusCode": 404, "body": "missing"}', acao: 'absent', acac: 'absent' },
      { site: expect.stringMatching(/^return \{"statusCode": 200/), acao: 'https://app.example.com', acac: 'absent' },
    ]);
    const spread = acao(f.responses[1]);
    expect(spread.state === 'present' && text(files, spread.entry.span)).toBe('"Access-Control-Allow-Origin": "https://app.example.com"');
  });
});

describe('helpers and imports', () => {
  it('follows a helper in the same module and records where the response is built', () => {
    const files = {
      [HANDLER]: `def respond(status, body, origin="*"):
    return {"statusCode": status, "headers": {"Access-Control-Allow-Origin": origin}, "body": body}

def hello(event, context):
    if not event.get("body"):
        return respond(400, "no body", origin="https://a.example.com")
    return respond(200, "ok")
`,
    };
    const f = facts(files);
    expect(summary(files, f)).toEqual([
      { site: 'return respond(400, "no body", origin="https://a.example.com")', acao: 'https://a.example.com', acac: 'absent' },
      { site: 'return respond(200, "ok")', acao: '*', acac: 'absent' },
    ]);
    expect(text(files, f.responses[0].builtAt)).toMatch(/^return \{"statusCode": status/);
    expect(f.responses.map((r) => r.statusCode)).toEqual([400, 200]);
  });

  it('follows `from .x import y`, `from x import y`, `import x` and packages', () => {
    const files = {
      [HANDLER]: `from .cors import CORS_HEADERS
from responses import ok
import errors
from lib.http import build
import lib.http as http

def hello(event, context):
    kind = event["kind"]
    if kind == 1:
        return {"statusCode": 200, "headers": CORS_HEADERS}
    if kind == 2:
        return ok("x")
    if kind == 3:
        return errors.not_found()
    if kind == 4:
        return http.build(201)
    return build(202)
`,
      '/repo/svc/cors.py': `CORS_HEADERS = {"Access-Control-Allow-Origin": "https://a.example.com"}\n`,
      '/repo/svc/responses.py': `from cors import CORS_HEADERS\n\ndef ok(body):\n    return {"statusCode": 200, "headers": dict(CORS_HEADERS, **{"Content-Type": "text/plain"}), "body": body}\n`,
      '/repo/svc/errors.py': `def not_found():\n    return {"statusCode": 404, "body": "nope"}\n`,
      '/repo/svc/lib/__init__.py': '',
      '/repo/svc/lib/http.py': `from ..cors import CORS_HEADERS\n\ndef build(status):\n    headers = {**CORS_HEADERS}\n    headers["Access-Control-Allow-Credentials"] = "true"\n    return {"statusCode": status, "headers": headers}\n`,
    };
    const f = facts(files);
    expect(f.complete).toBe(true);
    expect(summary(files, f).map((s) => [s.acao, s.acac])).toEqual([
      ['https://a.example.com', 'absent'],
      ['https://a.example.com', 'absent'],
      ['absent', 'absent'],
      ['https://a.example.com', 'true'],
      ['https://a.example.com', 'true'],
    ]);
    const viaImport = acao(f.responses[1]);
    expect(viaImport.state === 'present' && viaImport.entry.span.file).toBe('/repo/svc/cors.py');
    expect(f.responses[2].builtAt?.file).toBe('/repo/svc/errors.py');
  });

  it('runs module-level calls that read other globals', () => {
    const files = {
      [HANDLER]: `import os

ORIGIN = "https://a.example.com"

def make_cors(credentials=False):
    headers = {"Access-Control-Allow-Origin": ORIGIN}
    if credentials:
        headers["Access-Control-Allow-Credentials"] = "true"
    return headers

CORS = make_cors(credentials=True)
STAGE = os.environ.get("STAGE", "dev")

def hello(event, context):
    return {"statusCode": 200, "headers": CORS}
`,
    };
    expect(summary(files, facts(files))[0]).toMatchObject({ acao: 'https://a.example.com', acac: 'true' });
  });

  it('leaves the headers unknown (open) when an unknown function gets the dict', () => {
    const files = {
      [HANDLER]: `from shared_lib import add_cors

def hello(event, context):
    response = {"statusCode": 200, "headers": {}}
    add_cors(response)
    print(response)
    return response
`,
    };
    const [r] = facts(files).responses;
    expect(acao(r)).toEqual({ state: 'unknown' });
  });

  it('reads the request origin and its allowlist guards', () => {
    const files = {
      [HANDLER]: `ALLOWED = {"https://a.example.com", "https://b.example.com"}

def hello(event, context):
    origin = event["headers"].get("origin") or event.get("headers", {}).get("Origin", "")
    if origin in ALLOWED:
        return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}}
    return {"statusCode": 403, "headers": {"Access-Control-Allow-Origin": event["headers"]["Origin"]}}

def guarded(event, context):
    origin = (event.get("headers") or {}).get("origin")
    if origin not in ALLOWED:
        return {"statusCode": 403}
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}}

def ternary(event, context):
    origin = event["headers"].get("origin")
    allowed = origin if origin in ALLOWED else "https://a.example.com"
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": allowed}}
`,
    };
    expect(summary(files, facts(files)).map((s) => s.acao)).toEqual(['origin (allowlisted)', 'origin']);
    expect(summary(files, facts(files, 'guarded')).map((s) => s.acao)).toEqual(['absent', 'origin (allowlisted)']);
    expect(summary(files, facts(files, 'ternary')).map((s) => s.acao)).toEqual(['origin (allowlisted)']);
  });

  it('evaluates literals: str(True), f-strings, Python True, int', () => {
    const files = {
      [HANDLER]: `ORIGIN = "https://a.example.com"

def hello(event, context):
    headers = {
        "Access-Control-Allow-Origin": f"https://{'a'}.example.com",
        "Access-Control-Allow-Credentials": str(True),
        "Access-Control-Max-Age": 600,
        "X-Plain": f"plain {{braces}}",
        "X-Dynamic": f"{event['x']}",
    }
    headers |= {"X-Added": "yes"}
    return {"statusCode": 200, "headers": headers}
`,
    };
    const [r] = facts(files).responses;
    const value = (name: string) => {
      const h = header(r.headers, name);
      return h.state === 'present' ? h.entry.value : h.state;
    };
    expect(value('access-control-allow-origin')).toEqual({ kind: 'literal', value: 'https://a.example.com' });
    expect(value('access-control-allow-credentials')).toEqual({ kind: 'literal', value: 'True' });
    expect(value('access-control-max-age')).toEqual({ kind: 'literal', value: 600 });
    expect(value('x-plain')).toEqual({ kind: 'literal', value: 'plain {braces}' });
    expect(value('x-dynamic')).toEqual({ kind: 'unknown' });
    expect(value('x-added')).toEqual({ kind: 'literal', value: 'yes' });
  });

  it('marks headers set on one branch only as not always present', () => {
    const files = {
      [HANDLER]: `def hello(event, context):
    headers = {"Content-Type": "application/json"}
    if event.get("cors"):
        headers["Access-Control-Allow-Origin"] = "*"
    return {"statusCode": 200, "multiValueHeaders": {"Vary": ["Origin"]}, "headers": headers}
`,
    };
    const [r] = facts(files).responses;
    const h = acao(r);
    expect(h.state === 'present' && h.entry.always).toBe(false);
    const vary = header(r.headers, 'vary');
    expect(vary.state === 'present' && vary.entry.value).toEqual({ kind: 'literal', value: 'Origin' });
  });
});

describe('lambda-decorators', () => {
  it('reads the seed guide example: @cors_headers adds ACAO * to every response', () => {
    // The guide's snippet as printed (tab-indented), kept here so the test needs nothing outside the repo.
    const source =
      "from lambda_decorators import cors_headers\n\n@cors_headers\ndef hello(event, context):\n\treturn {\n\t\t'statusCode': 200,\n\t\t'body': \"Hello, world!\"\n\t}\n";
    expect(source).toContain('@cors_headers\ndef hello(event, context):');
    const files = { [HANDLER]: source };
    const f = facts(files);
    expect(f.complete).toBe(true);
    expect(summary(files, f)).toEqual([{ site: expect.stringMatching(/^return \{/), acao: '*', acac: 'absent' }]);
    const h = acao(f.responses[0]);
    expect(h.state === 'present' && text(files, h.entry.span)).toBe('cors_headers');
  });

  it('uses origin= and credentials=True, replacing the handler’s own ACAO', () => {
    const files = {
      [HANDLER]: `import lambda_decorators
from lambda_decorators import cors_headers

@cors_headers(origin='https://app.example.com', credentials=True)
def hello(event, context):
    return {'statusCode': 200, 'headers': {'access-control-allow-origin': '*'}}

@lambda_decorators.cors_headers(credentials=True)
def wildcard(event, context):
    return {'statusCode': 200}

@cors_headers('https://positional.example.com')
def positional(event, context):
    return None
`,
    };
    const f = facts(files);
    expect(summary(files, f)).toEqual([{ site: expect.stringMatching(/^return/), acao: 'https://app.example.com', acac: true }]);
    const h = acao(f.responses[0]);
    expect(h.state === 'present' && text(files, h.entry.span)).toBe("cors_headers(origin='https://app.example.com', credentials=True)");
    expect(h.state === 'present' && text(files, h.entry.valueSpan)).toBe("'https://app.example.com'");
    expect(summary(files, facts(files, 'wildcard'))[0]).toMatchObject({ acao: '*', acac: true });
    expect(summary(files, facts(files, 'positional'))).toEqual([{ site: 'return None', acao: 'https://positional.example.com', acac: 'absent' }]);
  });

  it('keeps decorator order: responses made outside cors_headers have no CORS', () => {
    const files = {
      [HANDLER]: `from lambda_decorators import cors_headers, load_json_body, json_http_resp

@load_json_body
@cors_headers
@json_http_resp
def hello(event, context):
    return {'hello': event['body']['name']}
`,
    };
    const f = facts(files);
    expect(f.complete).toBe(true);
    expect(summary(files, f)).toEqual([
      { site: "return {'hello': event['body']['name']}", acao: '*', acac: 'absent' },
      { site: 'json_http_resp', acao: '*', acac: 'absent' },
      { site: 'load_json_body', acao: 'absent', acac: 'absent' },
    ]);
    expect(f.responses.map((r) => r.statusCode)).toEqual([undefined, 500, 400]);
  });

  it('applies `handler = cors_headers(fn)` like the decorator', () => {
    const files = {
      [HANDLER]: `from lambda_decorators import cors_headers

def _hello(event, context):
    return {'statusCode': 200}

hello = cors_headers(_hello)
`,
    };
    expect(summary(files, facts(files))[0].acao).toBe('*');
  });
});

describe('wrapped handlers', () => {
  it('is incomplete under an unknown decorator, naming it', () => {
    const files = {
      [HANDLER]: `from my_middleware import with_auth

@with_auth(scopes=["read"])
def hello(event, context):
    return {"statusCode": 200}
`,
    };
    const f = facts(files);
    expect(f).toMatchObject({ responses: [], complete: false });
    expect(f.incompleteReason).toContain('@with_auth(scopes=["read"])');
    expect(text(files, f.exportSpan)).toMatch(/^@with_auth/);
  });

  it('serves the app given to Mangum(app), and is incomplete for an assignment that cannot be followed', () => {
    const files = {
      [HANDLER]: `from fastapi import FastAPI
from mangum import Mangum
from .factory import make_handler

app = FastAPI()
hello = Mangum(app)
other = make_handler()
`,
      '/repo/svc/factory.py': `def make_handler():\n    return build_something()\n`,
    };
    const f = facts(files);
    expect(summary(files, f)).toEqual([{ site: 'Mangum(app)', acao: 'absent', acac: 'absent' }]);
    expect(f.complete).toBe(true);
    expect(text(files, f.exportSpan)).toBe('hello = Mangum(app)');
    expect(facts(files, 'other')).toMatchObject({ responses: [], complete: false });
  });

  it('lets Powertools Logger/Tracer decorators through', () => {
    const files = {
      [HANDLER]: `from aws_lambda_powertools import Logger, Tracer

logger = Logger()
tracer = Tracer()

@logger.inject_lambda_context(log_event=True)
@tracer.capture_lambda_handler
def hello(event, context):
    logger.info("hi")
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}}
`,
    };
    const f = facts(files);
    expect(f.complete).toBe(true);
    expect(summary(files, f)[0].acao).toBe('*');
  });
});

describe('Powertools event handler', () => {
  const app = (resolverArgs: string, extra = '') => ({
    [HANDLER]: `from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response

cors_config = CORSConfig(allow_origin="https://app.example.com", max_age=300)
app = APIGatewayRestResolver(${resolverArgs})

@app.get("/items")
def items():
    return {"items": []}
${extra}
def hello(event, context):
    return app.resolve(event, context)
`,
  });

  it('uses CORSConfig(allow_origin=...) from a variable', () => {
    const files = app('cors=cors_config');
    const f = facts(files);
    expect(f.complete).toBe(true);
    expect(summary(files, f)).toEqual([{ site: 'return app.resolve(event, context)', acao: 'https://app.example.com', acac: 'absent' }]);
    const h = acao(f.responses[0]);
    expect(h.state === 'present' && text(files, h.entry.span)).toBe('allow_origin="https://app.example.com"');
    expect(f.responses[0].headers.open).toBe(false);
  });

  it('defaults to * and drops credentials with *', () => {
    const files = app('cors=CORSConfig(allow_credentials=True)');
    expect(summary(files, facts(files))[0]).toMatchObject({ acao: '*', acac: 'absent' });
  });

  it('reflects allowlisted origins with extra_origins, with credentials', () => {
    const files = app('cors=CORSConfig(allow_origin="https://a.example.com", extra_origins=["https://b.example.com"], allow_credentials=True)');
    const f = facts(files);
    expect(summary(files, f)[0]).toMatchObject({ acao: 'origin (allowlisted)', acac: 'true' });
    const h = acao(f.responses[0]);
    expect(h.state === 'present' && text(files, h.entry.span)).toBe('extra_origins=["https://b.example.com"]');
  });

  it('has no CORS headers without cors=, unless routes set their own headers', () => {
    const plain = app('');
    const [r] = facts(plain).responses;
    expect(acao(r)).toEqual({ state: 'absent' });
    const custom = app(
      '',
      `\n@app.post("/items")\ndef create():\n    return Response(status_code=201, content_type="application/json", body="{}", headers={"X-Id": "1"})\n`,
    );
    expect(acao(facts(custom).responses[0])).toEqual({ state: 'unknown' });
  });

  it('marks CORS as some-paths-only when a route opts out', () => {
    const files = app('cors=cors_config', `\n@app.get("/private", cors=False)\ndef private():\n    return {}\n`);
    const h = acao(facts(files).responses[0]);
    expect(h.state === 'present' && h.entry.always).toBe(false);
  });
});

describe('decodeString', () => {
  it('decodes prefixes, quotes and escapes like Python', () => {
    expect(decodeString(`'a\\tb'`)).toBe('a\tb');
    expect(decodeString(`r'a\\tb'`)).toBe('a\\tb');
    expect(decodeString(`"""multi\nline"""`)).toBe('multi\nline');
    expect(decodeString(`u'\\x41\\u00e9\\101'`)).toBe('AéA');
    expect(decodeString(`b'bytes'`)).toBeUndefined();
    expect(decodeString(`'\\N{DASH}'`)).toBeUndefined();
    expect(decodeString(`f'{{x}}'`, true)).toBe('{x}');
  });
});

describe('results other than facts', () => {
  it('reports a syntax error with its offset', () => {
    const source = 'def hello(event, context):\n    return {"statusCode": 200\n';
    const result = analyse({ [HANDLER]: source });
    expect(result.status).toBe('parse-error');
    if (result.status !== 'parse-error') return;
    expect(result.span.file).toBe(HANDLER);
    expect(result.span.start).toBeGreaterThanOrEqual(source.indexOf('200') + 3);
    expect(result.span.start).toBeLessThanOrEqual(source.length);
  });

  it('reports a missing def as not-found with the export', () => {
    expect(analyse({ [HANDLER]: 'def other(event, context):\n    return {}\n' })).toEqual({
      status: 'not-found',
      tried: ['svc/handler.py'],
      missingExport: { file: HANDLER, exportName: 'hello' },
    });
  });

  it('does not flag valid Python 3.12 that the grammar reads only partly', () => {
    const valid = [
      'type Headers = dict[str, str]\n',
      'def first[T](xs: list[T]) -> T:\n    return xs[0]\n',
      'x = f"{d["a"]} {f"{1}"}"\n',
      'match command.split():\n    case [action, *rest] if rest:\n        pass\n    case Point(x=0) | {"k": _}:\n        pass\n',
      'try:\n    pass\nexcept* ValueError as e:\n    pass\n',
      'with (open("a") as a, open("b") as b):\n    pass\n',
      'def gen():\n    x = yield\n    yield\n',
      'ratio = 1. / 3.\n',
      '@buttons[0].clicked.connect\ndef on_click(): pass\n',
      'x = a[1, *b]\n',
      'match point:\n    case Point():\n        pass\n',
      'match a, b:\n    case 1, 2:\n        pass\n',
      'def write(f):\n    with open(f) as (a, b):\n        if a:\n            pass\n    return a\n\nx = 1\n',
      'add = lambda a, /, b: a + b\n',
      'print >> sys.stderr, "message"\n',
    ];
    for (const source of valid) expect(parsePython('/x.py', source).ok, source).toBe(true);
  });

  it('is incomplete when the handler contains such syntax or such a decorator', () => {
    const withStatement = {
      [HANDLER]: 'def hello(event, context):\n    with (open("a") as a, open("b") as b):\n        pass\n    return {"statusCode": 200}\n',
    };
    expect(facts(withStatement)).toMatchObject({ complete: false });
    const decorator = { [HANDLER]: '@registry["api"].wrap\ndef hello(event, context):\n    return {"statusCode": 200}\n' };
    expect(facts(decorator)).toMatchObject({ complete: false });
  });

  it('parses each file once per analyzer and loads the grammar lazily', () => {
    const require = createRequire(import.meta.url);
    let reads = 0;
    const base = memoryFileSystem({
      [HANDLER]: 'from .shared import CORS\n\ndef a(event, context):\n    return {"headers": CORS}\n\ndef b(event, context):\n    return {"headers": CORS}\n',
      '/repo/svc/shared.py': 'CORS = {"Access-Control-Allow-Origin": "*"}\n',
    });
    const fs = { ...base, read: (f: string) => (reads++, base.read(f)) };
    const analyzer = createPythonAnalyzer(fs, ROOT);
    expect(analyzer.analyze(HANDLER, 'a').status).toBe('analysed');
    expect(analyzer.analyze(HANDLER, 'b').status).toBe('analysed');
    expect(analyzer.analyze(HANDLER, 'a')).toBe(analyzer.analyze(HANDLER, 'a'));
    expect(reads).toBe(2);
    expect(require.cache[require.resolve('@lezer/python')]).toBeDefined();
  });

  it('never crashes on odd input', () => {
    const odd = [
      '',
      '\n\n',
      'hello = 1\n',
      'def hello(:\n',
      'def hello(*a, **k): return hello(*a, **k)\n',
      'def hello(e, c):\n    while True:\n        break\n    for x in e: continue\n',
      'def hello(e, c):\n    return hello(e, c)\n',
      'class hello: pass\n',
      'from . import *\nfrom .missing import x\nimport a.b.c\n',
    ];
    for (const source of odd) expect(() => analyse({ [HANDLER]: source })).not.toThrow();
  });
});

describe('decorators written in the project', () => {
  it('passes the event on through *args and **kwargs, so the echoed origin is known', () => {
    const files = {
      [HANDLER]: `import functools
def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        print("call")
        return fn(*args, **kwargs)
    return wrapper
@logged
def hello(event, context):
    origin = event["headers"]["origin"]
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}}`,
    };
    const f = facts(files);
    expect(f.complete).toBe(true);
    expect(summary(files, f)).toEqual([{ site: 'return fn(*args, **kwargs)', acao: 'origin', acac: 'absent' }]);
  });

  it('runs every except clause of the wrapper', () => {
    const files = {
      [HANDLER]: `def answered(fn):
    def wrapper(event, context):
        try:
            return fn(event, context)
        except KeyError:
            return {"statusCode": 404, "headers": {"Access-Control-Allow-Origin": "*"}}
        except Exception:
            return {"statusCode": 500}
    return wrapper
@answered
def hello(event, context):
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}, "body": event["body"]}`,
    };
    const f = facts(files);
    expect(f.failures).toEqual([]);
    expect(summary(files, f).map((r) => r.acao)).toEqual(['*', '*', 'absent']);
  });
});
