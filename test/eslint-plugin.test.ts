import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { RuleTester, type Rule } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin, { BRIDGED_RULES } from '../src/eslint-plugin/index.js';

/**
 * The ESLint bridge under ESLint's own RuleTester, parsing TypeScript with @typescript-eslint/parser.
 * Files sit in a temporary folder so that imports of sibling modules resolve on disk, as in an editor.
 */
RuleTester.describe = describe;
RuleTester.it = it;

const dir = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-eslint-')));
nodeFs.mkdirSync(path.join(dir, '.git'));
nodeFs.writeFileSync(
  path.join(dir, 'cors.js'),
  "exports.corsHeaders = (origin) => ({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });\nexports.credentials = { 'Access-Control-Allow-Credentials': 'true' };\n",
);
afterAll(() => nodeFs.rmSync(dir, { recursive: true, force: true }));

const ts = path.join(dir, 'handler.ts');
const js = path.join(dir, 'handler.js');
const tester = new RuleTester({ languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: 'module' } });
const rule = (id: (typeof BRIDGED_RULES)[number]) => plugin.rules![id] as Rule.RuleModule;

const TYPED = "import type { APIGatewayProxyHandler } from 'aws-lambda';\n";
const ALLOWED = "const ALLOWED = ['https://app.example.com'];\n";
/** A handler that reads the Origin header with `read` and echoes it after an allowlist check, with Vary: Origin. */
const originRead = (read: string) =>
  `${ALLOWED}export const handler = async (event: any) => {\n  const origin = ${read};\n  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': ALLOWED.includes(origin) ? origin : ALLOWED[0], Vary: 'Origin' }, body: '' };\n};`;

tester.run('wildcard-origin-with-credentials', rule('wildcard-origin-with-credentials'), {
  valid: [
    {
      filename: ts,
      code: `${TYPED}export const handler: APIGatewayProxyHandler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: '' });`,
    },
  ],
  invalid: [
    {
      filename: ts,
      code: `${TYPED}export const handler: APIGatewayProxyHandler = async () => ({\n  statusCode: 200,\n  headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' },\n  body: '',\n});`,
      errors: [{ messageId: 'handler', line: 4, column: 50 }],
    },
  ],
});

tester.run('reflected-origin', rule('reflected-origin'), {
  valid: [
    {
      filename: ts,
      code: originRead('event.headers.origin'),
    },
    {
      // Without credentials an echo grants what * grants: not this rule's finding.
      filename: js,
      code: "module.exports.handler = async (event) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': event.headers.origin, Vary: 'Origin' }, body: '' });",
    },
  ],
  invalid: [
    {
      // Imported helpers on disk are followed: the first echo sits in one (ESLint reports in the edited file only),
      // the second takes its credentials from one.
      filename: js,
      code: "const { corsHeaders, credentials } = require('./cors');\nmodule.exports.handler = async (event) => ({ statusCode: 200, headers: corsHeaders(event.headers.origin), body: '' });\nmodule.exports.other = async (event) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': event.headers.origin, Vary: 'Origin', ...credentials }, body: '' });",
      errors: [{ messageId: 'handler', line: 3 }],
    },
  ],
});

tester.run('missing-vary-origin', rule('missing-vary-origin'), {
  valid: [
    {
      filename: ts,
      code: originRead('event.headers.origin'),
    },
    {
      // Without credentials an echo grants what * grants: not this rule's finding.
      filename: js,
      code: "module.exports.handler = async (event) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': event.headers.origin, Vary: 'Origin' }, body: '' });",
    },
  ],
  invalid: [
    {
      filename: ts,
      code: `${ALLOWED}export const handler = async (event: any) => {\n  const origin = event.headers.origin;\n  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': ALLOWED.includes(origin) ? origin : ALLOWED[0] }, body: '' };\n};`,
      errors: [{ messageId: 'missing', line: 4 }],
      output: originRead('event.headers.origin'),
    },
  ],
});

tester.run('origin-header-case', rule('origin-header-case'), {
  valid: [
    // Lower case only is right on an HTTP API and wrong on REST: the editor does not know which, so it stays quiet.
    { filename: ts, code: originRead('event.headers.origin') },
    { filename: ts, code: originRead('event.headers.origin || event.headers.Origin') },
  ],
  invalid: [
    {
      filename: ts,
      code: originRead('event.headers.Origin'),
      errors: [{ messageId: 'capitalisedOnRest', line: 3 }],
      output: originRead('event.headers.origin || event.headers.Origin'),
    },
  ],
});

describe('eslint plugin', () => {
  it('bridges exactly the handler rules that need no config, with the rules docs and messages', () => {
    expect(Object.keys(plugin.rules!)).toEqual([...BRIDGED_RULES]);
    for (const id of BRIDGED_RULES) expect(rule(id).meta?.docs?.url).toMatch(new RegExp(`/rules/${id}\\.md$`));
  });

  it('says "any route" where the CLI names the route', async () => {
    const { Linter } = await import('eslint');
    const linter = new Linter({ cwd: dir });
    const messages = linter.verify(
      "module.exports.handler = async (event) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': event.headers.origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }, body: '' });",
      [{ files: ['**/*.js'], ...(plugin.configs.recommended as object) }],
      js,
    );
    expect(messages.map((m) => [m.ruleId, m.severity])).toEqual([['cors-lint/reflected-origin', 2]]);
    expect(messages[0].message).toContain('handler (any route)');
  });
});
