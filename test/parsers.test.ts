import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withParser } from '../src/analysis/parsers/index.js';
import { discoverConfigs } from '../src/discover.js';
import { loadService } from '../src/service.js';
import { caseFileSystem, caseOptions, fixCase, lintCase } from './support/fixture.js';

/**
 * oxc-parser, the default parser, against typescript-estree, the reference (src/analysis/parsers):
 * on every case of the rule fixtures and of the handler corpus, both must give the same handler
 * facts for every function, the same findings and the same fixes. The one difference allowed is
 * how a syntax error is worded and where the parser places it: a file that does not parse is a
 * parse error with both.
 */
const TEST = import.meta.dirname;
const subfolders = (dir: string) =>
  nodeFs
    .readdirSync(dir)
    .sort()
    .map((name) => path.join(dir, name))
    .filter((p) => nodeFs.statSync(p).isDirectory());
const cases = [...subfolders(path.join(TEST, 'fixtures')).flatMap(subfolders), ...subfolders(path.join(TEST, 'corpus'))];

/** What a parser's wording of a syntax error leaves out of a comparison. */
const SYNTAX_ERROR = /^(.+?):\d+:\d+: (Fix the syntax of .+?): .*? (\(affects .+\) )?\[parse-error\]$/;

/** Everything the case gives that depends on the parser, as plain data. */
function observe(dir: string) {
  const fs = caseFileSystem(dir);
  const { stage, env } = caseOptions(dir);
  const services = discoverConfigs(fs, dir).configs.map((c) => ({ config: path.relative(dir, c), service: loadService(c, { fs, repoRoot: dir, stage, env }) }));
  const facts = services.flatMap(({ config, service }) =>
    service.project.functions.map((fn) => {
      const result = service.handler(fn);
      return { config, fn: fn.name, result: result.status === 'parse-error' ? { status: result.status, file: result.span.file } : result };
    }),
  );
  const findings = lintCase(dir).lines.map((l) => l.replace(SYNTAX_ERROR, '$1: $2 $3[parse-error]'));
  const fixes = [...fixCase(dir)].map(([file, text]) => ({ file: path.relative(dir, file), text }));
  return JSON.parse(JSON.stringify({ facts, findings, fixes })) as { facts: { result: { status: string } }[] };
}

describe('oxc-parser gives what typescript-estree gives', () => {
  it('on both corpora', () => expect(cases.length).toBeGreaterThan(200));
  for (const dir of cases) {
    it(path.relative(TEST, dir), () => {
      const reference = withParser('typescript-estree', () => observe(dir));
      expect(withParser('oxc', () => observe(dir))).toEqual(reference);
    });
  }
  it('compares analysed handlers, not only failures', () => {
    const analysed = withParser('oxc', () => cases.slice(-20).flatMap((dir) => observe(dir).facts)).filter((f) => f.result.status === 'analysed');
    expect(analysed.length).toBeGreaterThan(20);
  });
});
