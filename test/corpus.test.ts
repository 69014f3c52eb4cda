import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { header, type FailureFact } from '../src/analysis/facts.js';
import { discoverConfigs } from '../src/discover.js';
import { diskFileSystem } from '../src/fs.js';
import { loadService } from '../src/service.js';

/**
 * The handler corpus: each test/corpus/<case>/ is a mini-project whose facts.json states, per
 * function, the response sites (first 40 characters of the source at the site) and the state of
 * the headers it names, and the ways the invocation fails (facts.ts `FailureFact`, sites the same
 * way; none when not listed, `"unknown"` when they cannot be known) — what handler analysis must
 * find, independent of any rule.
 */
interface ExpectedFacts {
  status?: string;
  responses?: { site: string; headers: Record<string, 'present' | 'absent' | 'unknown'> }[];
  failures?: ExpectedFailure[] | 'unknown';
  complete?: boolean;
}

interface ExpectedFailure {
  kind: FailureFact['kind'];
  site: string;
  raisedAt?: string;
  value?: string;
}

const CORPUS = path.join(import.meta.dirname, 'corpus');
const cases = nodeFs.existsSync(CORPUS) ? nodeFs.readdirSync(CORPUS).sort() : [];

describe('handler corpus', () => {
  it('holds the shapes people write', () => expect(cases.length).toBeGreaterThanOrEqual(1));
  for (const name of cases) {
    const dir = path.join(CORPUS, name);
    it(name, () => {
      const expected = JSON.parse(nodeFs.readFileSync(path.join(dir, 'facts.json'), 'utf8')) as Record<string, ExpectedFacts>;
      const services = discoverConfigs(diskFileSystem, dir).configs.map((c) => loadService(c, { fs: diskFileSystem, repoRoot: dir }));
      for (const [fnName, want] of Object.entries(expected)) {
        const found = services.flatMap((s) => s.project.functions.map((fn) => ({ s, fn }))).find((x) => x.fn.name === fnName);
        expect(found, `function ${fnName}`).toBeDefined();
        const result = found!.s.handler(found!.fn);
        if (want.status) {
          expect(result.status, fnName).toBe(want.status);
          continue;
        }
        expect(result.status, `${fnName}: ${JSON.stringify(result)}`).toBe('analysed');
        if (result.status !== 'analysed') continue;
        const wanted = want.responses ?? [];
        const got = result.facts.responses.map((r, i) => ({
          site: found!.s.source(r.site.file)!.text.slice(r.site.start, r.site.end).slice(0, 40),
          headers: Object.fromEntries(Object.keys(wanted[i]?.headers ?? {}).map((h) => [h, header(r.headers, h).state])),
        }));
        expect(got, fnName).toEqual(wanted.map((r) => ({ site: r.site, headers: r.headers })));
        const text = (span: { file: string; start: number; end: number }) => found!.s.source(span.file)!.text.slice(span.start, span.end).slice(0, 40);
        const failures =
          result.facts.failures?.map((f) => ({
            kind: f.kind,
            site: text(f.site),
            ...(f.raisedAt && { raisedAt: text(f.raisedAt) }),
            ...(f.value && { value: f.value }),
          })) ?? 'unknown';
        expect(failures, `${fnName} failures`).toEqual(want.failures ?? []);
        if (want.complete !== undefined) expect(result.facts.complete, `${fnName} complete`).toBe(want.complete);
      }
    });
  }
});
