import { describe, expect, it } from 'vitest';
import type { HandlerFacts } from '../../src/analysis/facts.js';
import { createHandlerAnalyzer } from '../../src/analysis/index.js';
import { memoryFileSystem } from '../../src/fs.js';
import { headers } from '../support/facts-view.js';

/**
 * The JavaScript and Python interpreters share one value domain and one response-fact engine
 * (docs/architecture.md#handler-analysis): the same handler shape written in either language
 * must give the same response facts. Each pair below is one shape; what is compared is what the
 * rules read (per response: status, whether it is built in a helper, its headers with their
 * values and whether they are always set, whether the bag is open) and completeness. Response
 * sites differ by syntax, so only their number and order are compared.
 */
interface Pair {
  name: string;
  js: string;
  py: string;
}

const PAIRS: Pair[] = [
  {
    name: 'a literal response',
    js: `exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*', 'X-Count': 3 }, body: '' });`,
    py: `def main(event, context):
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*", "X-Count": 3}, "body": ""}`,
  },
  {
    name: 'no response, and a bare string',
    js: `exports.main = async (event) => { if (event.body) return 'ok'; return; };`,
    py: `def main(event, context):
    if event["body"]:
        return "ok"
    return None`,
  },
  {
    name: 'a helper that builds the response',
    js: `const H = { 'Access-Control-Allow-Origin': 'https://app.example.com' };
function reply(statusCode, body) {
  return { statusCode, headers: { ...H, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}
exports.main = async (event) => {
  if (!event.body) return reply(400, { message: 'empty' });
  return reply(201, { ok: true });
};`,
    py: `import json
H = {"Access-Control-Allow-Origin": "https://app.example.com"}
def reply(status_code, body):
    return {"statusCode": status_code, "headers": {**H, "Content-Type": "application/json"}, "body": json.dumps(body)}
def main(event, context):
    if not event["body"]:
        return reply(400, {"message": "empty"})
    return reply(201, {"ok": True})`,
  },
  {
    name: 'a guard returning a helper result that is not a response',
    js: `const H = { 'Access-Control-Allow-Origin': 'https://app.example.com' };
function authenticate(event) {
  if (!event.headers.authorization) return { statusCode: 401, headers: H, body: 'unauthorized' };
  return { userId: 'u-1' };
}
exports.main = async (event) => {
  const user = authenticate(event);
  if (user.statusCode) return user;
  return { statusCode: 200, headers: H, body: '' };
};`,
    py: `H = {"Access-Control-Allow-Origin": "https://app.example.com"}
def authenticate(event):
    if not event["headers"].get("authorization"):
        return {"statusCode": 401, "headers": H, "body": "unauthorized"}
    return {"userId": "u-1"}
def main(event, context):
    user = authenticate(event)
    if user.get("statusCode"):
        return user
    return {"statusCode": 200, "headers": H, "body": ""}`,
  },
  {
    name: 'headers added, merged and deleted after the response is built',
    js: `exports.main = async () => {
  const response = { statusCode: 200, headers: { 'X-Old': 'x' } };
  response.headers['Access-Control-Allow-Origin'] = 'https://app.example.com';
  Object.assign(response.headers, { Vary: 'Origin' });
  delete response.headers['X-Old'];
  return response;
};`,
    py: `def main(event, context):
    response = {"statusCode": 200, "headers": {"X-Old": "x"}}
    response["headers"]["Access-Control-Allow-Origin"] = "https://app.example.com"
    response["headers"].update({"Vary": "Origin"})
    del response["headers"]["X-Old"]
    return response`,
  },
  {
    name: 'a header set on one branch only',
    js: `exports.main = async (event) => {
  const headers = { 'Content-Type': 'text/plain' };
  if (event.body) headers['Access-Control-Allow-Origin'] = '*';
  return { statusCode: 200, headers, body: '' };
};`,
    py: `def main(event, context):
    headers = {"Content-Type": "text/plain"}
    if event["body"]:
        headers["Access-Control-Allow-Origin"] = "*"
    return {"statusCode": 200, "headers": headers, "body": ""}`,
  },
  {
    name: 'a spread of one of two header objects',
    js: `const A = { 'Access-Control-Allow-Origin': 'https://a.example.com', 'X-A': '1' };
const B = { 'Access-Control-Allow-Origin': 'https://a.example.com' };
exports.main = async (event) => ({ statusCode: 200, headers: { ...(event.body ? A : B) }, body: '' });`,
    py: `A = {"Access-Control-Allow-Origin": "https://a.example.com", "X-A": "1"}
B = {"Access-Control-Allow-Origin": "https://a.example.com"}
def main(event, context):
    return {"statusCode": 200, "headers": {**(A if event["body"] else B)}, "body": ""}`,
  },
  {
    name: 'the origin echoed without a test',
    js: `exports.main = async (event) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': event.headers.origin }, body: '' });`,
    py: `def main(event, context):
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": event["headers"]["origin"]}, "body": ""}`,
  },
  {
    name: 'the origin echoed after a membership test',
    js: `const ALLOWED = ['https://a.example.com', 'https://b.example.com'];
exports.main = async (event) => {
  const origin = event.headers.origin;
  if (ALLOWED.includes(origin)) return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }, body: '' };
  return { statusCode: 403, body: '' };
};`,
    py: `ALLOWED = ["https://a.example.com", "https://b.example.com"]
def main(event, context):
    origin = event["headers"].get("origin")
    if origin in ALLOWED:
        return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}, "body": ""}
    return {"statusCode": 403, "body": ""}`,
  },
  {
    name: 'an early return when the origin is not listed',
    js: `const ALLOWED = new Set(['https://a.example.com']);
exports.main = async (event) => {
  const origin = event.headers.origin;
  if (!ALLOWED.has(origin)) return { statusCode: 403, body: 'forbidden' };
  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin }, body: '' };
};`,
    py: `ALLOWED = {"https://a.example.com"}
def main(event, context):
    origin = event["headers"].get("origin")
    if origin not in ALLOWED:
        return {"statusCode": 403, "body": "forbidden"}
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}, "body": ""}`,
  },
  {
    name: 'an equality test combined with a presence test',
    js: `exports.main = async (event) => {
  const origin = event.headers.origin;
  if (origin && origin === 'https://a.example.com') return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin }, body: '' };
  return { statusCode: 200, body: '' };
};`,
    py: `def main(event, context):
    origin = event["headers"].get("origin")
    if origin and origin == "https://a.example.com":
        return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}, "body": ""}
    return {"statusCode": 200, "body": ""}`,
  },
  {
    name: 'an allowlist test in a conditional expression',
    js: `const ALLOWED = ['https://a.example.com'];
exports.main = async (event) => {
  const origin = event.headers.origin;
  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': ALLOWED.includes(origin) ? origin : ALLOWED[0] }, body: '' };
};`,
    py: `ALLOWED = ["https://a.example.com"]
def main(event, context):
    origin = event["headers"].get("origin")
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin if origin in ALLOWED else ALLOWED[0]}, "body": ""}`,
  },
  {
    name: 'the origin or nothing, by an allowlist test',
    js: `const ALLOWED = ['https://a.example.com'];
exports.main = async (event) => {
  const origin = event.headers.origin;
  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': ALLOWED.includes(origin) && origin }, body: '' };
};`,
    py: `ALLOWED = ["https://a.example.com"]
def main(event, context):
    origin = event["headers"].get("origin")
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin in ALLOWED and origin}, "body": ""}`,
  },
  {
    name: 'a test kept in a helper',
    js: `const ALLOWED = ['https://a.example.com'];
function allowed(origin) { return ALLOWED.includes(origin); }
exports.main = async (event) => {
  const origin = event.headers.origin;
  if (!allowed(origin)) return { statusCode: 403, body: '' };
  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin }, body: '' };
};`,
    py: `ALLOWED = ["https://a.example.com"]
def allowed(origin):
    return origin in ALLOWED
def main(event, context):
    origin = event["headers"].get("origin")
    if not allowed(origin):
        return {"statusCode": 403, "body": ""}
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}, "body": ""}`,
  },
  {
    name: 'a suffix test on the origin',
    js: `exports.main = async (event) => {
  const origin = event.headers.origin;
  if (origin.endsWith('.example.com')) return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin }, body: '' };
  return { statusCode: 403, body: '' };
};`,
    py: `def main(event, context):
    origin = event["headers"].get("origin")
    if origin.endswith(".example.com"):
        return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}, "body": ""}
    return {"statusCode": 403, "body": ""}`,
  },
  {
    name: 'a substring test on the origin',
    js: `exports.main = async (event) => {
  const origin = event.headers.origin;
  if (!origin.includes('example.com')) return { statusCode: 403, body: '' };
  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin }, body: '' };
};`,
    py: `def main(event, context):
    origin = event["headers"].get("origin")
    if "example.com" not in origin:
        return {"statusCode": 403, "body": ""}
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}, "body": ""}`,
  },
  {
    name: 'a regular expression test',
    js: `exports.main = async (event) => {
  const origin = event.headers.origin;
  if (/^https:\\/\\/[a-z]+\\.example\\.com$/.test(origin)) return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin }, body: '' };
  return { statusCode: 403, body: '' };
};`,
    py: `import re
def main(event, context):
    origin = event["headers"].get("origin")
    if re.match(r"^https://[a-z]+\\.example\\.com$", origin):
        return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}, "body": ""}
    return {"statusCode": 403, "body": ""}`,
  },
  {
    name: 'a lookup keyed by the origin',
    js: `const ALLOWED = { 'https://a.example.com': true };
exports.main = async (event) => {
  const origin = event.headers.origin;
  if (ALLOWED[origin]) return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin }, body: '' };
  return { statusCode: 403, body: '' };
};`,
    py: `ALLOWED = {"https://a.example.com": True}
def main(event, context):
    origin = event["headers"].get("origin")
    if ALLOWED.get(origin):
        return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}, "body": ""}
    return {"statusCode": 403, "body": ""}`,
  },
  {
    name: 'a case per allowed origin',
    js: `exports.main = async (event) => {
  const origin = event.headers.origin;
  switch (origin) {
    case 'https://a.example.com':
      return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin }, body: '' };
    default:
      return { statusCode: 403, body: '' };
  }
};`,
    py: `def main(event, context):
    origin = event["headers"].get("origin")
    match origin:
        case "https://a.example.com":
            return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}, "body": ""}
        case _:
            return {"statusCode": 403, "body": ""}`,
  },
  {
    name: 'the origin normalised before it is echoed',
    js: `exports.main = async (event) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': event.headers.origin.toLowerCase() }, body: '' });`,
    py: `def main(event, context):
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": event["headers"]["origin"].lower()}, "body": ""}`,
  },
  {
    name: 'a multi-value header',
    js: `exports.main = async () => ({ statusCode: 200, multiValueHeaders: { 'Access-Control-Allow-Origin': ['https://a.example.com'], Vary: ['Origin', 'Accept'] }, body: '' });`,
    py: `def main(event, context):
    return {"statusCode": 200, "multiValueHeaders": {"Access-Control-Allow-Origin": ["https://a.example.com"], "Vary": ["Origin", "Accept"]}, "body": ""}`,
  },
  {
    name: 'a header value built from strings',
    js: "const HOST = 'app.example.com';\nexports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': `https://${HOST}`, 'X-Id': 'a' + 'b' }, body: '' });",
    py: `HOST = "app.example.com"
def main(event, context):
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": f"https://{HOST}", "X-Id": "a" + "b"}, "body": ""}`,
  },
  {
    name: 'a response an unknown function builds',
    js: `const db = require('./db');
exports.main = async (event) => db.respond(event);`,
    py: `from db import respond
def main(event, context):
    return respond(event)`,
  },
  {
    name: 'headers an unknown function may change',
    js: `const { decorate } = require('some-package');
exports.main = async () => {
  const response = { statusCode: 200, headers: { 'X-A': '1' }, body: '' };
  decorate(response);
  return response;
};`,
    py: `from some_package import decorate
def main(event, context):
    response = {"statusCode": 200, "headers": {"X-A": "1"}, "body": ""}
    decorate(response)
    return response`,
  },
  {
    name: 'an unknown function given a response may change the objects it holds',
    js: `const { decorate } = require('some-package');
exports.main = async () => {
  const headers = { 'X-A': '1' };
  decorate({ statusCode: 200, headers });
  return { statusCode: 201, headers, body: '' };
};`,
    py: `from some_package import decorate
def main(event, context):
    headers = {"X-A": "1"}
    decorate({"statusCode": 200, "headers": headers})
    return {"statusCode": 201, "headers": headers, "body": ""}`,
  },
  {
    name: 'a key written by a computed name',
    js: `exports.main = async (event) => {
  const response = { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: '' };
  response[event.body] = {};
  return response;
};`,
    py: `def main(event, context):
    response = {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}, "body": ""}
    response[event["body"]] = {}
    return response`,
  },
  {
    name: 'a header deleted from one of two header objects',
    js: `const A = { 'Access-Control-Allow-Origin': '*', 'X-A': '1' };
const B = { 'Access-Control-Allow-Origin': '*', 'X-A': '2' };
exports.main = async (event) => {
  const headers = event.body ? A : B;
  delete headers['X-A'];
  return { statusCode: 200, headers, body: '' };
};`,
    py: `A = {"Access-Control-Allow-Origin": "*", "X-A": "1"}
B = {"Access-Control-Allow-Origin": "*", "X-A": "2"}
def main(event, context):
    headers = A if event["body"] else B
    del headers["X-A"]
    return {"statusCode": 200, "headers": headers, "body": ""}`,
  },
  {
    name: 'the origin kept in an object before the test and read after it',
    js: `const ALLOWED = ['https://a.example.com'];
exports.main = async (event) => {
  const request = { origin: event.headers.origin };
  if (!ALLOWED.includes(request.origin)) return { statusCode: 403, body: '' };
  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': request.origin }, body: '' };
};`,
    py: `ALLOWED = ["https://a.example.com"]
def main(event, context):
    request = {"origin": event["headers"]["origin"]}
    if request["origin"] not in ALLOWED:
        return {"statusCode": 403, "body": ""}
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": request["origin"]}, "body": ""}`,
  },
  {
    name: 'header names from a loop over a list',
    js: `exports.main = async () => {
  const headers = {};
  for (const name of ['Access-Control-Allow-Origin']) headers[name] = '*';
  return { statusCode: 200, headers, body: '' };
};`,
    py: `def main(event, context):
    headers = {}
    for name in ["Access-Control-Allow-Origin"]:
        headers[name] = "*"
    return {"statusCode": 200, "headers": headers, "body": ""}`,
  },
  {
    name: 'a header value appended to',
    js: `exports.main = async () => {
  let origin = 'https://';
  origin += 'app.example.com';
  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin }, body: '' };
};`,
    py: `def main(event, context):
    origin = "https://"
    origin += "app.example.com"
    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": origin}, "body": ""}`,
  },
  {
    name: 'a response kept in a list an unknown function gets',
    js: `const { flush } = require('some-package');
exports.main = async () => {
  const sent = [];
  const response = { statusCode: 200, headers: { 'X-A': '1' }, body: '' };
  sent.push(response);
  flush(sent);
  return response;
};`,
    py: `from some_package import flush
def main(event, context):
    sent = []
    response = {"statusCode": 200, "headers": {"X-A": "1"}, "body": ""}
    sent.append(response)
    flush(sent)
    return response`,
  },
  {
    name: 'errors that escape the handler, one a try catches, and a path without a value',
    js: `function parse(body) {
  if (!body) throw new Error('empty');
  return body;
}
exports.main = async (event) => {
  parse(event.body);
  if (event.path === '/bad') throw new Error('bad');
  try {
    parse(event.path);
  } catch (err) {
    return { statusCode: 400, body: '' };
  }
  if (event.path === '/ok') return { statusCode: 200, body: '' };
};`,
    py: `def parse(body):
    if not body:
        raise ValueError("empty")
    return body
def main(event, context):
    parse(event["body"])
    if event["path"] == "/bad":
        raise ValueError("bad")
    try:
        parse(event["path"])
    except ValueError as err:
        return {"statusCode": 400, "body": ""}
    if event["path"] == "/ok":
        return {"statusCode": 200, "body": ""}`,
  },
  {
    name: 'a wrapper that answers errors itself',
    js: `const H = { 'Access-Control-Allow-Origin': '*' };
const withErrors = (fn) => async (event, context) => {
  try {
    return await fn(event, context);
  } catch (err) {
    return { statusCode: 500, body: 'error' };
  }
};
exports.main = withErrors(async (event) => {
  if (!event.body) throw new Error('empty');
  return { statusCode: 200, headers: H, body: event.body };
});`,
    py: `import functools
H = {"Access-Control-Allow-Origin": "*"}
def with_errors(fn):
    @functools.wraps(fn)
    def wrapper(event, context):
        try:
            return fn(event, context)
        except Exception:
            return {"statusCode": 500, "body": "error"}
    return wrapper
@with_errors
def main(event, context):
    if not event["body"]:
        raise ValueError("empty")
    return {"statusCode": 200, "headers": H, "body": event["body"]}`,
  },
  {
    name: 'a wrapper that builds the response from the returned value',
    js: `const H = { 'Access-Control-Allow-Origin': '*' };
function http(fn) {
  return async (event, context) => {
    const result = await fn(event, context);
    return { statusCode: 200, headers: H, body: JSON.stringify(result) };
  };
}
exports.main = http(async (event) => {
  if (!event.body) throw new Error('empty');
  return { items: [] };
});`,
    py: `import functools
import json
H = {"Access-Control-Allow-Origin": "*"}
def http(fn):
    @functools.wraps(fn)
    def wrapper(event, context):
        result = fn(event, context)
        return {"statusCode": 200, "headers": H, "body": json.dumps(result)}
    return wrapper
@http
def main(event, context):
    if not event["body"]:
        raise ValueError("empty")
    return {"items": []}`,
  },
];

/** What the rules read from the facts, without the syntax-dependent spans. */
function view(f: HandlerFacts) {
  return {
    complete: f.complete,
    responses: f.responses.map((r) => ({ status: r.statusCode, inHelper: r.builtAt !== undefined, headers: headers(r) })),
    failures: f.failures?.map((x) => ({ kind: x.kind, inHelper: x.raisedAt !== undefined, value: x.value })),
  };
}

function analyse(file: string, source: string, runtime: string): HandlerFacts {
  const svc = '/repo/svc';
  const analyzer = createHandlerAnalyzer(
    memoryFileSystem({ [`${svc}/${file}`]: source, [`${svc}/db.js`]: 'module.exports = {};', [`${svc}/db.py`]: '' }),
    '/repo',
  );
  const r = analyzer.analyze({ serviceDir: svc, handler: 'handler.main', runtime });
  if (r.status !== 'analysed') throw new Error(`${file}: not analysed: ${JSON.stringify(r)}`);
  return r.facts;
}

describe('the same handler shape in JavaScript and Python gives the same facts', () => {
  for (const { name, js, py } of PAIRS) {
    it(name, () => {
      const fromJs = view(analyse('handler.js', js, 'nodejs20.x'));
      const fromPy = view(analyse('handler.py', py, 'python3.12'));
      expect(fromJs.responses.length, 'the shape gives responses').toBeGreaterThan(0);
      expect(fromPy).toEqual(fromJs);
    });
  }
});
