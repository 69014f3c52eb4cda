import { describe, expect, it } from 'vitest';
import { fixService } from '../../src/fix.js';
import { memoryFileSystem } from '../../src/fs.js';
import { lintService } from '../../src/lint.js';
import { rules } from '../../rules/index.js';
import { analyzedProject } from '../support/facts-view.js';

/**
 * Names from the project are data, never members of the linter's own objects: a key named like
 * an Object.prototype member (or `__proto__`) in any place the config, a handler or a Python
 * module can hold one must neither crash a rule nor vanish.
 */
const NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];
const ALL_RULES = rules.map((r) => r.meta.id);

function project(name: string): Record<string, string> {
  return {
    '/repo/package.json': JSON.stringify({ name: 'repo', workspaces: [name, `packages/${name}*`] }),
    '/repo/packages/x/package.json': JSON.stringify({ name }),
    '/repo/tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { [name]: ['./lib'], [`${name}/*`]: ['./lib/*'] } } }),
    '/repo/serverless.yml': `service: s
provider:
  name: aws
  runtime: nodejs20.x
  ${name}: 1
  httpApi:
    cors:
      ${name}: 1
      allowedOrigins: ['https://a.example.com']
custom:
  ${name}: \${self:custom.${name}}
  ref: \${self:${name}}
functions:
  ${name}:
    handler: h.${name}
    events:
      - ${name}: x
      - http:
          path: ${name}
          method: ${name}
          authorizer: aws_iam
          cors:
            ${name}: 1
            origin: https://a.example.com
            headers: [${name}]
  node:
    handler: h.main
    events:
      - http:
          path: n
          method: get
          cors: true
  py:
    handler: app.${name}
    runtime: python3.12
    events:
      - http:
          path: p
          method: get
          cors: true
resources:
  Resources:
    ${name}:
      Type: AWS::ApiGateway::GatewayResponse
      Properties:
        ResponseType: ${name}
        RestApiId: !Ref ${name}
        ResponseParameters:
          ${name}: "'x'"
`,
    '/repo/h.js': `import helper from '${name}';
import other from './lib/x.${name}';
const headers = { ${name === '__proto__' ? "['__proto__']" : name}: 'x', 'Access-Control-Allow-Origin': '*' };
exports.main = async (event) => ({ statusCode: 200, headers: { ...headers, [${JSON.stringify(name)}]: event.headers.${name} } });
exports[${JSON.stringify(name)}] = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });
`,
    '/repo/app.py': `import lambda_decorators
from lambda_decorators import cors_headers

@cors_headers(${name}=1)
@lambda_decorators.${name}
def ${name}(event, context):
    return {"statusCode": 200, "headers": {"${name}": "x", "Access-Control-Allow-Origin": "*"}}
`,
  };
}

describe('keys from the project', () => {
  for (const name of NAMES) {
    it(`"${name}" anywhere crashes nothing`, () => {
      const fs = memoryFileSystem(project(name));
      const options = { fs, ruleSet: rules, repoRoot: '/repo', only: ALL_RULES };
      const lint = lintService('/repo/serverless.yml', options);
      expect(lint.internalErrors.map((e) => `${e.where}: ${String(e.error)}`)).toEqual([]);
      expect(fixService('/repo/serverless.yml', options).result.internalErrors).toEqual([]);
    });
  }

  it('reports __proto__ in a cors block as an unknown key, like any other', () => {
    const fs = memoryFileSystem(project('__proto__'));
    const lint = lintService('/repo/serverless.yml', { ruleSet: rules, fs, repoRoot: '/repo', only: ['invalid-cors-config'] });
    expect(lint.diagnostics.map((d) => d.message).filter((m) => m.includes('__proto__'))).toHaveLength(2);
  });

  it('keeps header names like __proto__ and constructor as headers, in JavaScript and Python handlers', () => {
    const names = ['__proto__', 'constructor', 'toString', 'access-control-allow-origin'];
    const js = analyzedProject({
      'handler.js': `exports.main = async () => ({ statusCode: 200, headers: { ${names.map((n) => `[${JSON.stringify(n)}]: 'x'`).join(', ')} } });\n`,
    });
    const keys = names.map((n) => n.toLowerCase());
    expect(Object.keys(js.facts().responses[0].headers.entries)).toEqual(keys);
    const py = analyzedProject({
      'app.py': `def main(event, context):\n    return {"statusCode": 200, "headers": {${names.map((n) => `"${n}": "x"`).join(', ')}}}\n`,
    });
    expect(Object.keys(py.facts('app.main').responses[0].headers.entries)).toEqual(keys);
  });
});
