import { describe, expect, it } from 'vitest';
import { runMemory, serviceYaml } from '../support/hostile.js';

/**
 * Patterns from the project never run a backtracking regular expression: `origins` patterns and
 * workspace globs are matched in linear time (src/wildcard.ts), handler regexes are never run.
 * These inputs took 41 s and minutes before; the test timeout is only a guard against hangs.
 */
describe('project-controlled patterns', () => {
  it('an origins pattern with nested repetition is unknown, not run against a long origin', () => {
    const report = runMemory({
      'serverless.yml': serviceYaml().replace('cors: true', "cors:\n            origins: ['https://(a+)+']"),
      'handler.js': `exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://${'a'.repeat(40)}b.com' } });\n`,
    });
    expect(report.results.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual([]);
  });

  it('a plain wildcard origins pattern still catches a handler origin it does not match', () => {
    const report = runMemory({
      'serverless.yml': serviceYaml().replace('cors: true', "cors:\n            origins: ['https://*.example.com']"),
      'handler.js': `exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://${'a'.repeat(5_000)}.example.org' } });\n`,
    });
    expect(report.results.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['origin-mismatch']);
  });

  it('a workspace glob with many stars against a long folder name', () => {
    const long = 'a'.repeat(5_000);
    const report = runMemory({
      'package.json': JSON.stringify({ name: 'root', workspaces: ['packages/*a*a*a*a*a*a*a*a*a*a*b', 'packages/*'] }),
      [`packages/${long}/package.json`]: JSON.stringify({ name: '@acme/responses', main: 'index.js' }),
      [`packages/${long}/index.js`]: "exports.ok = () => ({ statusCode: 200, body: '' });\n",
      'serverless.yml': serviceYaml(),
      'handler.js': "const { ok } = require('@acme/responses');\nexports.main = async () => ok();\n",
    });
    // The package was found through the second glob and followed (an unknown one would keep the rule
    // quiet): the response it builds has no CORS header.
    expect(report.results.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['missing-allow-origin']);
  });
});
