import { describe, expect, it } from 'vitest';
import { header, type HandlerFacts, type HeaderState } from '../../src/analysis/facts.js';
import { createPythonAnalyzer } from '../../src/analysis/python/index.js';
import { memoryFileSystem } from '../../src/fs.js';

/** Flask apps behind serverless-wsgi and FastAPI apps behind Mangum (src/analysis/python/apps.ts). */

const APP = '/repo/svc/app.py';

function appFacts(files: Record<string, string>, exportName = 'app', wsgi = true): HandlerFacts {
  const result = createPythonAnalyzer(memoryFileSystem(files), '/repo').analyze(APP, exportName, wsgi);
  if (result.status !== 'analysed') throw new Error(`expected analysed, got ${JSON.stringify(result)}`);
  return result.facts;
}

function describeHeader(h: HeaderState): unknown {
  if (h.state !== 'present') return h.state;
  const v = h.entry.value;
  const value = v.kind === 'literal' ? v.value : v.kind === 'request-origin' ? `origin${v.allowlisted ? ' (allowlisted)' : ''}` : 'unknown value';
  return h.entry.always ? value : `${String(value)} (some responses)`;
}

/** The app's one response: ACAO, ACAC and Vary, and whether every route was followed. */
function summary(f: HandlerFacts) {
  const [r] = f.responses;
  return {
    acao: describeHeader(header(r.headers, 'access-control-allow-origin')),
    acac: describeHeader(header(r.headers, 'access-control-allow-credentials')),
    vary: describeHeader(header(r.headers, 'vary')),
    complete: f.complete,
  };
}

const FLASK = `from flask import Flask, jsonify\napp = Flask(__name__)\n`;

describe('Flask behind serverless-wsgi', () => {
  it('has no Access-Control-Allow-Origin without flask-cors or a route that sets it', () => {
    const f = appFacts({
      [APP]: `${FLASK}
@app.route("/a")
def a():
    return jsonify(ok=True), 201, {"Content-Type": "application/json"}
`,
    });
    expect(summary(f)).toEqual({ acao: 'absent', acac: 'absent', vary: 'absent', complete: true });
    expect(f.responses).toHaveLength(1);
    expect(f.middleware).toBeUndefined();
  });

  it('reads flask-cors 3.0 defaults: every origin echoed with Vary, credentials off', () => {
    const f = appFacts({ [APP]: `from flask_cors import CORS\n${FLASK}CORS(app)\n` });
    expect(summary(f)).toEqual({ acao: 'origin', acac: 'absent', vary: 'Origin', complete: true });
    expect(f.middleware).toMatchObject([{ library: 'flask-cors', origin: 'reflect-any', credentials: false }]);
  });

  it('reads origins, supports_credentials and send_wildcard', () => {
    const cases: Array<[string, ReturnType<typeof summary>]> = [
      ['origins="https://a.example"', { acao: 'https://a.example', acac: 'absent', vary: 'absent', complete: true }],
      [
        'origins=["https://a.example", "https://b.example"], supports_credentials=True',
        { acao: 'origin (allowlisted)', acac: 'true', vary: 'Origin', complete: true },
      ],
      ['origins=r"https://.*\\.example\\.com"', { acao: 'origin (allowlisted)', acac: 'absent', vary: 'Origin', complete: true }],
      ['supports_credentials=True', { acao: 'origin', acac: 'true', vary: 'Origin', complete: true }],
      ['send_wildcard=True', { acao: '*', acac: 'absent', vary: 'absent', complete: true }],
      ['origins=ORIGINS', { acao: 'unknown value', acac: 'absent', vary: 'absent', complete: true }],
      [
        'resources={r"/api/*": {"origins": "https://a.example"}}',
        { acao: 'https://a.example (some responses)', acac: 'absent', vary: 'absent', complete: true },
      ],
    ];
    for (const [options, want] of cases) {
      const f = appFacts({ [APP]: `import os\nfrom flask_cors import CORS\nORIGINS = os.environ["ORIGINS"].split(",")\n${FLASK}CORS(app, ${options})\n` });
      expect(summary(f), options).toEqual(want);
    }
  });

  it('follows cors.init_app(app) in an app factory, and app config keys make the options unknown', () => {
    const factory = `from flask import Flask
from flask_cors import CORS
cors = CORS(supports_credentials=True)
def create_app():
    app = Flask(__name__)
    cors.init_app(app)
    return app
app = create_app()
`;
    expect(summary(appFacts({ [APP]: factory }))).toEqual({ acao: 'origin', acac: 'true', vary: 'Origin', complete: true });
    const configured = factory.replace('    cors.init_app(app)', '    app.config["CORS_ORIGINS"] = load()\n    cors.init_app(app)');
    expect(summary(appFacts({ [APP]: configured }))).toMatchObject({ acao: 'unknown value' });
  });

  it('reads @cross_origin on a view as CORS on some responses', () => {
    const f = appFacts({
      [APP]: `from flask_cors import cross_origin\n${FLASK}
@app.get("/public")
@cross_origin(supports_credentials=True)
def public():
    return "ok"
`,
    });
    expect(summary(f)).toEqual({ acao: 'origin (some responses)', acac: 'true (some responses)', vary: 'Origin (some responses)', complete: true });
    expect(f.middleware).toMatchObject([{ library: 'flask-cors', origin: 'reflect-any', credentials: true }]);
  });

  it('reads headers set by an after_request hook (every response) and by routes (some)', () => {
    const hook = appFacts({
      [APP]: `from flask import request\n${FLASK}
@app.after_request
def add_cors(response):
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")
    response.headers.add("Access-Control-Allow-Credentials", "true")
    return response
`,
    });
    expect(summary(hook)).toEqual({ acao: 'origin', acac: 'true', vary: 'absent', complete: true });
    const routes = appFacts({
      [APP]: `from flask import make_response\n${FLASK}
@app.get("/a")
def a():
    return "a", 200, {"Access-Control-Allow-Origin": "*"}

@app.get("/b")
def b():
    resp = make_response("b")
    resp.headers["Access-Control-Allow-Origin"] = "https://b.example"
    return resp
`,
    });
    expect(summary(routes)).toMatchObject({ acao: 'unknown' });
  });

  it('follows headers set in a helper module the app imports', () => {
    const f = appFacts({
      [APP]: `${FLASK}from .responses import ok\n
@app.get("/a")
def a():
    return ok({"a": 1})
`,
      '/repo/svc/responses.py': `def ok(body):\n    headers = {"Access-Control-Allow-Origin": "*"}\n    return body, 200, headers\n`,
    });
    expect(summary(f)).toMatchObject({ acao: '* (some responses)' });
  });

  it('follows blueprints it can see, and is not fully analysed with one it cannot', () => {
    const blueprint = `from flask import Blueprint\nbp = Blueprint("x", __name__)\n@bp.get("/x")\ndef x():\n    return "x", 200, {"Access-Control-Allow-Origin": "*"}\n`;
    const seen = appFacts({ [APP]: `${FLASK}from .views import bp\napp.register_blueprint(bp)\n`, '/repo/svc/views.py': blueprint });
    expect(summary(seen)).toMatchObject({ acao: '* (some responses)', complete: true });
    const unseen = appFacts({ [APP]: `${FLASK}from company_views import bp\napp.register_blueprint(bp)\n` });
    expect(summary(unseen)).toMatchObject({ acao: 'absent', complete: false });
    expect(unseen.incompleteReason).toBe('the Flask app includes routes cors-lint cannot follow (app.py:4)');
  });

  it('is not fully analysed when headers are set under names it cannot read', () => {
    const f = appFacts({
      [APP]: `${FLASK}
@app.after_request
def extra(response):
    for name, value in EXTRA.items():
        response.headers[name] = value
    return response
`,
    });
    expect(summary(f)).toMatchObject({ acao: 'unknown', complete: false });
    expect(f.incompleteReason).toContain('not static');
  });

  it('never reports a missing header when CORS is named where it cannot be followed', () => {
    // The classic circular layout: the routes module imports the app back and applies flask-cors there.
    const cycle = appFacts({
      [APP]: `${FLASK}import views\n`,
      '/repo/svc/views.py': `from app import app\nfrom flask_cors import CORS\nCORS(app)\n@app.get("/a")\ndef a():\n    return "a"\n`,
    });
    expect(header(cycle.responses[0].headers, 'access-control-allow-origin').state).not.toBe('absent');
    const constant = appFacts({
      [APP]: `${FLASK}from .cors import answer\n@app.get("/a")\ndef a():\n    return answer("a")\n`,
      '/repo/svc/cors.py': `def answer(body):\n    return body, 200, build({"Access-Control-Allow-Origin": "*"})\n`,
    });
    expect(summary(constant)).toMatchObject({ acao: 'unknown', complete: false });
    expect(constant.incompleteReason).toBe("the app's module cors.py does CORS in a way cors-lint cannot follow");
  });

  it('says why custom.wsgi.app is not followed when it is not a Flask app', () => {
    const f = appFacts({ [APP]: `from werkzeug.middleware.proxy_fix import ProxyFix\n${FLASK}application = ProxyFix(app)\n` }, 'application');
    expect(f).toMatchObject({ responses: [], complete: false, incompleteReason: 'custom.wsgi.app is not a Flask app cors-lint models' });
  });
});

describe('FastAPI behind Mangum', () => {
  const FASTAPI = `from fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\nfrom mangum import Mangum\napp = FastAPI()\n`;

  it('reads starlette 0.26 CORSMiddleware defaults and options', () => {
    const cases: Array<[string, ReturnType<typeof summary>]> = [
      ['', { acao: 'absent', acac: 'absent', vary: 'absent', complete: true }],
      ['allow_origins=["*"]', { acao: '*', acac: 'absent', vary: 'absent', complete: true }],
      ['allow_origins=["*"], allow_credentials=True', { acao: 'origin', acac: 'true', vary: 'Origin (some responses)', complete: true }],
      ['allow_origins=["https://a.example"], allow_credentials=True', { acao: 'origin (allowlisted)', acac: 'true', vary: 'Origin', complete: true }],
      ['allow_origin_regex=r"https://.*\\.example\\.com"', { acao: 'origin (allowlisted)', acac: 'absent', vary: 'Origin', complete: true }],
    ];
    for (const [options, want] of cases) {
      const f = appFacts({ [APP]: `${FASTAPI}app.add_middleware(CORSMiddleware${options ? `, ${options}` : ''})\nhandler = Mangum(app)\n` }, 'handler', false);
      expect(summary(f), options).toEqual(want);
    }
  });

  it('reads Middleware(CORSMiddleware, ...) given to the constructor', () => {
    const f = appFacts(
      {
        [APP]: `from fastapi import FastAPI\nfrom starlette.middleware import Middleware\nfrom starlette.middleware.cors import CORSMiddleware\nfrom mangum import Mangum
app = FastAPI(middleware=[Middleware(CORSMiddleware, allow_origins=["https://a.example"])])
handler = Mangum(app)
`,
      },
      'handler',
      false,
    );
    expect(summary(f)).toEqual({ acao: 'origin (allowlisted)', acac: 'absent', vary: 'Origin', complete: true });
    expect(f.middleware).toMatchObject([{ library: 'starlette-cors', origin: 'list' }]);
  });

  it('is not fully analysed with a middleware or router it cannot follow', () => {
    const middleware = appFacts(
      { [APP]: `${FASTAPI}from asgi_cors import CorsMiddleware\napp.add_middleware(CorsMiddleware)\nhandler = Mangum(app)\n` },
      'handler',
      false,
    );
    expect(middleware).toMatchObject({ complete: false, incompleteReason: 'the FastAPI app adds a middleware cors-lint does not model (app.py:6)' });
    const router = appFacts({ [APP]: `${FASTAPI}from shared.api import router\napp.include_router(router)\nhandler = Mangum(app)\n` }, 'handler', false);
    expect(router.complete).toBe(false);
    const staticFiles = `from fastapi import FastAPI\nfrom fastapi.staticfiles import StaticFiles\nfrom mangum import Mangum\napp = FastAPI()\napp.mount("/static", StaticFiles(directory="static"))\nhandler = Mangum(app)\n`;
    expect(appFacts({ [APP]: staticFiles }, 'handler', false).complete).toBe(true);
  });

  it('says why Mangum is not followed when it serves something else', () => {
    const f = appFacts({ [APP]: `from mangum import Mangum\nfrom shared import build_app\nhandler = Mangum(build_app())\n` }, 'handler', false);
    expect(f).toMatchObject({ responses: [], complete: false, incompleteReason: 'Mangum serves an app cors-lint does not model' });
  });
});
