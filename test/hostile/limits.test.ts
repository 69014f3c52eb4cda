import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskFileSystem } from '../../src/fs.js';
import * as limits from '../../src/limits.js';
import { run } from '../../src/run.js';
import { diskRepo, formats, runMemory, serviceYaml } from '../support/hostile.js';
import { rules } from '../../rules/index.js';

/**
 * Valid input past a documented limit is "not analysed", naming the limit, and counted as not
 * fully analysed: never a parse error, a stack overflow, an out-of-memory or a hang. (The test
 * timeout only guards against hangs; the work is bounded by the limits themselves.)
 */
const HANDLER = "exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });\n";

/** What the report says was not fully analysed, and the findings (there must be no parse-error among them). */
function outcome(files: Record<string, string>) {
  const report = runMemory(files);
  const rules = report.results.flatMap((r) => r.messages.map((m) => m.ruleId));
  return { incomplete: report.incomplete.map((i) => [i.functionName, i.reason]), rules, report };
}

describe('limits', () => {
  it('YAML nested 10,000 levels deep, flow or block: the service is not analysed', () => {
    for (const nested of ['['.repeat(10_000) + ']'.repeat(10_000), `\n    ${'- '.repeat(10_000)}x`]) {
      const { incomplete, rules, report } = outcome({ 'serverless.yml': serviceYaml(`custom:\n  deep: ${nested}\n`), 'handler.js': HANDLER });
      expect(incomplete).toEqual([[undefined, 'the file is nested deeper than 500 levels (the nesting depth limit): it is not analysed']]);
      expect(rules).toEqual([]);
      expect(formats(report).stylish).toContain('1 service not fully analysed:\n  serverless.yml: the file is nested deeper than 500 levels');
    }
  });

  it('a ${file()} nested too deep makes its value unknown and the service not fully analysed', () => {
    const { incomplete, rules } = outcome({
      'serverless.yml': serviceYaml('custom:\n  deep: ${file(./deep.json)}\n'),
      'deep.json': '['.repeat(10_000) + ']'.repeat(10_000),
      'handler.js': HANDLER,
    });
    expect(incomplete).toEqual([[undefined, 'the file is nested deeper than 500 levels (the nesting depth limit): it is not analysed']]);
    expect(rules).toEqual([]);
  });

  it('a 50,000-deep expression and a long string concatenation in a handler: not analysed, not a parse error', () => {
    for (const body of ['('.repeat(50_000) + "'x'" + ')'.repeat(50_000), Array(5_000).fill("'a'").join(' + ')]) {
      const { incomplete, rules } = outcome({
        'serverless.yml': serviceYaml(),
        'handler.js': `exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: ${body} });\n`,
      });
      expect(incomplete).toEqual([['api', 'handler.js is nested deeper than 500 levels (the nesting depth limit)']]);
      expect(rules).toEqual([]);
    }
  });

  it('a concatenation just below the nesting limit is analysed in full', () => {
    const { incomplete, report } = outcome({
      'serverless.yml': serviceYaml(),
      'handler.js': `exports.main = async () => ({ statusCode: 200, body: ${Array(470).fill("'a'").join(' + ')} });\n`,
    });
    expect(incomplete).toEqual([]);
    expect(report.results.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['missing-allow-origin']);
  });

  it('a deeply nested Python handler: not analysed', () => {
    const { incomplete, rules } = outcome({
      'serverless.yml': serviceYaml('', 'app.main').replace('nodejs20.x', 'python3.12'),
      'app.py': `def main(event, context):\n    return {"statusCode": 200, "body": ${'('.repeat(5_000)}1${')'.repeat(5_000)}}\n`,
    });
    expect(incomplete).toEqual([['api', 'app.py is nested deeper than 500 levels (the nesting depth limit)']]);
    expect(rules).toEqual([]);
  });

  it('${self:} values that double a string 30 times: unknown past the resolved string length limit', () => {
    const doubling = Array.from({ length: 30 }, (_, i) => `  s${i + 1}: \${self:custom.s${i}}\${self:custom.s${i}}\n`).join('');
    const { incomplete, rules } = outcome({
      'serverless.yml': serviceYaml(`custom:\n  s0: abcdefghijklmnop\n${doubling}  origin: \${self:custom.s30}\n`),
      'handler.js': HANDLER,
    });
    expect(incomplete).toEqual([[undefined, 'a resolved string would be longer than 1,000,000 characters (the resolved string length limit)']]);
    expect(rules).toEqual([]);
  });

  it('aliases that expand past the limit: the service is not fully analysed, no parse error', () => {
    const lines = ['custom:', '  l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `  l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const { incomplete, rules } = outcome({ 'serverless.yml': serviceYaml(`${lines.join('\n')}\n`), 'handler.js': HANDLER });
    expect(incomplete).toEqual([[undefined, 'aliases expand to more than 100,000 values (the alias expansion limit)']]);
    expect(rules).toEqual([]);
  });

  it('functions past the limit per service are not analysed, and the service says so', () => {
    const fns = Array.from({ length: limits.FUNCTIONS_PER_SERVICE_LIMIT + 1 }, (_, i) => `  f${i}:\n    handler: nowhere.f${i}\n`).join('');
    const report = runMemory({ 'serverless.yml': `service: s\nprovider:\n  name: aws\nfunctions:\n${fns}` });
    expect(report.incomplete.map((i) => i.reason)).toEqual([
      'the service defines 1,001 functions; those past the first 1,000 are not analysed (the functions per service limit)',
    ]);
    const notFound = report.results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'handler-not-found').map((m) => m.functionName));
    expect(notFound).toHaveLength(limits.FUNCTIONS_PER_SERVICE_LIMIT);
    expect(notFound).not.toContain(`f${limits.FUNCTIONS_PER_SERVICE_LIMIT}`);
  });

  it('a handler that calls more code than the step limit is not fully analysed, naming the limit', () => {
    const helpers = Array.from({ length: 18 }, (_, i) => `const h${i + 1} = (x) => h${i}(x) + h${i}(x);`).join('\n');
    const { incomplete } = outcome({
      'serverless.yml': serviceYaml(),
      'handler.js': `const h0 = (x) => x;\n${helpers}\nexports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: h18('a') });\n`,
    });
    expect(incomplete).toEqual([['api', 'analysis stopped after 200,000 steps (the analysis step limit)']]);
  });

  it('a Python handler that runs more statements than its step limit stops there, naming the limit', () => {
    const helpers = Array.from({ length: 18 }, (_, i) => `def h${i + 1}(x):\n    a = h${i}(x)\n    return h${i}(a)\n`).join('');
    const { incomplete, rules } = outcome({
      'serverless.yml': serviceYaml('', 'app.main').replace('nodejs20.x', 'python3.12'),
      'app.py': `def h0(x):\n    return x\n${helpers}def main(event, context):\n    h18(1)\n    return {"statusCode": 200, "body": ""}\n`,
    });
    expect(incomplete).toEqual([['api', 'analysis stopped after 50,000 steps (the analysis step limit)']]);
    // The path stopped at the limit: the response after it is not seen, so nothing is reported for it.
    expect(rules).not.toContain('missing-allow-origin');
  });

  it('an imported module over 1 MB is unknown and counted as not fully analysed', () => {
    const { incomplete, rules } = outcome({
      'serverless.yml': serviceYaml(),
      'handler.js': "const { respond } = require('./big');\nexports.main = async () => respond(200);\n",
      'big.js': `${'// generated\n'.repeat(90_000)}exports.respond = (statusCode) => ({ statusCode });\n`,
    });
    expect(incomplete).toEqual([['api', 'big.js is larger than 1 MB (the module size limit)']]);
    expect(rules).toEqual([]);
  });

  it('files past the size limit are never read: a 20 MB minified handler and a 6 MB config', () => {
    const dir = diskRepo({ 'api/serverless.yml': serviceYaml(), 'big/serverless.yml': '' });
    // Sparse files: the size is what stat reports; nothing of them is ever read.
    nodeFs.writeFileSync(path.join(dir, 'api', 'handler.js'), '');
    nodeFs.truncateSync(path.join(dir, 'api', 'handler.js'), 20 * 1024 * 1024);
    nodeFs.truncateSync(path.join(dir, 'big', 'serverless.yml'), 6 * 1024 * 1024);
    const report = run({ ruleSet: rules, paths: [dir], fs: diskFileSystem, fix: false, env: {} });
    expect(report.incomplete.map((i) => [path.relative(dir, i.configFile), i.functionName, i.reason])).toEqual([
      ['api/serverless.yml', 'api', 'handler.js is larger than 5 MB (the file size limit)'],
      ['big/serverless.yml', undefined, 'the file is larger than 5 MB (the file size limit): it is not read'],
    ]);
    expect(report.results.flatMap((r) => r.messages)).toEqual([]);
  });
});

describe('the documented limits', () => {
  it('README lists each limit with the value the code uses', () => {
    const readme = nodeFs.readFileSync(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Limits'), readme.indexOf('## Troubleshooting'));
    const n = (x: number) => x.toLocaleString('en-US');
    const rows = [
      `| file size | ${limits.FILE_SIZE_LIMIT / 1024 / 1024} MB |`,
      `| module size | ${limits.MODULE_SIZE_LIMIT / 1024 / 1024} MB |`,
      `| nesting depth | ${limits.NESTING_DEPTH_LIMIT} levels |`,
      `| alias expansions | ${n(limits.ALIAS_EXPANSION_LIMIT)} values |`,
      `| resolved string length | ${n(limits.STRING_LENGTH_LIMIT)} characters |`,
      `| functions per service | ${n(limits.FUNCTIONS_PER_SERVICE_LIMIT)} |`,
      `| analysis steps | ${n(limits.ANALYSIS_STEP_LIMIT)} per JavaScript/TypeScript handler, ${n(limits.PYTHON_STEP_LIMIT)} statements per Python handler |`,
    ];
    for (const row of rows) expect(section).toContain(row);
  });
});
