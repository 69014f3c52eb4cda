import { spawnSync } from 'node:child_process';
import * as nodeFs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { shouldColor } from '../src/format/color.js';
import { formatGithub } from '../src/format/github.js';
import { emptyRunReport, type RunReport } from '../src/results.js';
import { CLI } from './support/cli.js';
import { run, testEnv } from './support/process.js';

/**
 * The machine formats end to end through the built CLI: SARIF validated against the official SARIF
 * 2.1.0 schema (test/schemas, see its README), GitHub workflow commands, colour on a real terminal.
 */
const ROOT = path.join(import.meta.dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'products-service');

// Both are CommonJS packages whose default export ESM interop hides from TypeScript.
const require = createRequire(import.meta.url);
const Ajv04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

/** A repository whose service folder has a space in its name, so URIs must be encoded. */
function makeRepo(): { repo: string; service: string } {
  const repo = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-formats-')));
  nodeFs.mkdirSync(path.join(repo, '.git'));
  const service = path.join(repo, 'services', 'my shop');
  nodeFs.cpSync(EXAMPLE, service, { recursive: true });
  // profile's finding has a suggestion only (credentials-mismatch); orders' a safe fix (malformed-origin).
  const event = (fn: string, method: string, origin: string) =>
    [
      `  ${fn}:`,
      `    handler: profile.${fn}`,
      '    events:',
      '      - http:',
      `          path: ${fn}`,
      `          method: ${method}`,
      '          cors:',
      `            origin: ${origin}`,
      '',
    ].join('\n');
  nodeFs.appendFileSync(
    path.join(service, 'serverless.yml'),
    event('profile', 'patch', 'https://app.example.com') + event('orders', 'get', 'https://App.example.com/'),
  );
  const respond = (fn: string, headers: string) => `module.exports.${fn} = async () => ({ statusCode: 200, headers: { ${headers} }, body: '{}' });\n`;
  nodeFs.writeFileSync(
    path.join(service, 'profile.js'),
    respond('profile', "'Access-Control-Allow-Origin': 'https://app.example.com', 'Access-Control-Allow-Credentials': 'true'") +
      respond('orders', "'Access-Control-Allow-Origin': 'https://app.example.com'"),
  );
  return { repo, service };
}

const cli = (args: string[], cwd: string) => run(cwd, process.execPath, [CLI, ...args]);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
  relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
  partialFingerprints: Record<string, string>;
  fixes?: { description: { text: string }; artifactChanges: { replacements: { insertedContent: { text: string } }[] }[] }[];
}

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; helpUri: string; help: { markdown?: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: SarifResult[];
  }[];
}

describe('sarif', () => {
  const schema = JSON.parse(nodeFs.readFileSync(path.join(import.meta.dirname, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  let repo: string;
  let service: string;
  let log: SarifLog;

  beforeAll(() => {
    ({ repo, service } = makeRepo());
    // Run from the service folder: URIs must still be relative to the repository root.
    const r = cli(['-f', 'sarif', '-o', path.join(repo, 'out', 'cors-lint.sarif')], service);
    expect(r.stdout).toBe('');
    expect(r.status, r.stderr).toBe(1);
    log = JSON.parse(nodeFs.readFileSync(path.join(repo, 'out', 'cors-lint.sarif'), 'utf8'));
  });
  afterAll(() => nodeFs.rmSync(repo, { recursive: true, force: true }));

  it('is valid against the official SARIF 2.1.0 schema', () => {
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('the schema check can fail: a result with an unknown level is rejected', () => {
    const broken = structuredClone(log);
    (broken.runs[0].results[0] as { level: string }).level = 'fatal';
    expect(validate(broken)).toBe(false);
  });

  it('describes every rule from its metadata, with help pointing at its doc', () => {
    const described = log.runs[0].tool.driver.rules;
    expect(described.map((r) => r.id)).toEqual(rules.map((r) => r.meta.id));
    for (const r of described) {
      expect(r.helpUri).toMatch(new RegExp(`^https://.+/rules/${r.id}\\.md$`));
      expect(r.help.markdown).toBe(nodeFs.readFileSync(path.join(ROOT, 'rules', `${r.id}.md`), 'utf8'));
    }
  });

  it('places results at repository-relative URIs that name existing files, with related locations', () => {
    const run = log.runs[0];
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${repo}/`);
    expect(run.results.length).toBeGreaterThan(3);
    for (const r of run.results) {
      const loc = r.locations[0].physicalLocation.artifactLocation;
      expect(loc.uriBaseId).toBe('%SRCROOT%');
      expect(loc.uri).toMatch(/^services\/my%20shop\//);
      expect(nodeFs.existsSync(path.join(repo, decodeURIComponent(loc.uri)))).toBe(true);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    }
    const related = run.results.find((r) => r.ruleId === 'wildcard-origin-with-credentials')?.relatedLocations;
    expect(related?.map((x) => x.physicalLocation.artifactLocation.uri)).toEqual(['services/my%20shop/handler.js']);
  });

  it('carries safe fixes and suggestions as fixes, at character offsets of the file', () => {
    const results = log.runs[0].results;
    const safe = results.find((r) => r.ruleId === 'malformed-origin')!;
    expect(safe.fixes?.map((f) => f.description.text.startsWith('Apply the safe fix (--fix)'))).toEqual([true]);
    // Replaying the SARIF replacement gives what --fix writes.
    const config = path.join(service, 'serverless.yml');
    const { deletedRegion, insertedContent } = safe.fixes![0].artifactChanges[0].replacements[0] as unknown as {
      deletedRegion: { charOffset: number; charLength: number };
      insertedContent: { text: string };
    };
    const text = nodeFs.readFileSync(config, 'utf8');
    const replayed = text.slice(0, deletedRegion.charOffset) + insertedContent.text + text.slice(deletedRegion.charOffset + deletedRegion.charLength);
    const fixed = (
      JSON.parse(cli(['-f', 'json', '--fix-dry-run', '--rule', 'credentials-mismatch:off'], repo).stdout) as { filePath: string; output?: string }[]
    ).find((r) => r.filePath === config);
    expect(replayed).toBe(fixed?.output);
    // The finding is in the handler; its suggestion edits the config.
    const suggestion = results.find((r) => r.ruleId === 'credentials-mismatch')!;
    expect(suggestion.locations[0].physicalLocation.artifactLocation.uri).toBe('services/my%20shop/profile.js');
    expect(suggestion.fixes?.map((f) => f.description.text)).toEqual(['Set allowCredentials: true in the cors of PATCH /profile']);
    expect((suggestion.fixes![0].artifactChanges[0] as unknown as { artifactLocation: { uri: string } }).artifactLocation.uri).toBe(
      'services/my%20shop/serverless.yml',
    );
  });

  it('keeps partialFingerprints when the findings move to other lines', () => {
    const byFinding = (l: SarifLog) =>
      l.runs[0].results.map(
        (r) => [`${r.ruleId} ${r.message.text}`, r.partialFingerprints['corsLintFinding/v1'], r.locations[0].physicalLocation.region.startLine] as const,
      );
    const before = byFinding(log);
    for (const f of ['handler.js', 'profile.js', 'serverless.yml']) {
      const file = path.join(service, f);
      nodeFs.writeFileSync(file, `\n\n\n${nodeFs.readFileSync(file, 'utf8')}`);
    }
    const moved = JSON.parse(cli(['-f', 'sarif'], repo).stdout) as SarifLog;
    const after = byFinding(moved);
    expect(after.map(([k, fp]) => [k, fp])).toEqual(before.map(([k, fp]) => [k, fp]));
    expect(after.map(([, , line]) => line)).toEqual(before.map(([, , line]) => line + 3));
    expect(new Set(after.map(([, fp]) => fp)).size).toBe(after.length);
  });
});

describe('github', () => {
  const report = (filePath: string, message: string): RunReport => ({
    ...emptyRunReport(),
    results: [
      {
        filePath,
        messages: [
          {
            ruleId: 'missing-allow-origin',
            messageId: 'missing',
            severity: 2,
            message,
            docsUrl: 'https://example.test/rules/missing-allow-origin.md',
            line: 3,
            column: 5,
            endLine: 4,
            endColumn: 2,
          },
          {
            ruleId: 'missing-vary-origin',
            messageId: 'missing',
            severity: 1,
            message: 'm',
            docsUrl: 'https://example.test/d.md',
            line: 7,
            column: 1,
            endLine: 7,
            endColumn: 9,
          },
        ],
        errorCount: 1,
        warningCount: 1,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      },
    ],
  });

  it('escapes data and properties as the runner requires, without columns across lines', () => {
    const text = formatGithub(report('/repo/a,b:c%.js', 'Send 100% of it\r\n::error::injected'), { root: '/repo', cwd: '/repo', verbose: false, diff: false });
    const [first, second] = text.split('\n');
    expect(first).toBe(
      '::error file=a%2Cb%3Ac%25.js,line=3,endLine=4,title=cors-lint (missing-allow-origin)::Send 100%25 of it%0D%0A::error::injected%0Ahttps://example.test/rules/missing-allow-origin.md',
    );
    expect(second).toBe(
      '::warning file=a%2Cb%3Ac%25.js,line=7,endLine=7,col=1,endColumn=9,title=cors-lint (missing-vary-origin)::m%0Ahttps://example.test/d.md',
    );
  });

  it('prints the normal report with workflow commands stopped around it', () => {
    // Stylish prints a file's path at the start of a line: a file named like a workflow command.
    const text = formatGithub(report('/repo/::error::injected.js', 'Line one\n::error::injected'), {
      root: '/repo',
      cwd: '/repo',
      verbose: false,
      diff: false,
    });
    const lines = text.split('\n');
    const stop = lines.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = lines[stop].slice('::stop-commands::'.length);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const resume = lines.indexOf(`::${token}::`);
    expect(resume).toBeGreaterThan(stop);
    // A line that reads as a command is only inside the stopped region.
    const injected = lines.findIndex((l) => l.startsWith('::error::injected'));
    expect(injected).toBeGreaterThan(stop);
    expect(injected).toBeLessThan(resume);
    expect(lines.slice(stop + 1, resume).join('\n')).not.toContain(token);
  });
});

describe('colour', () => {
  it('follows the flag, then FORCE_COLOR, then NO_COLOR, then the terminal', () => {
    expect(shouldColor(true, { NO_COLOR: '1' }, false)).toBe(true);
    expect(shouldColor(false, { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(shouldColor(undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(shouldColor(undefined, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(shouldColor(undefined, { NO_COLOR: '1' }, true)).toBe(false);
    expect(shouldColor(undefined, { NO_COLOR: '' }, true)).toBe(true);
    expect(shouldColor(undefined, { TERM: 'dumb' }, true)).toBe(false);
    expect(shouldColor(undefined, {}, true)).toBe(true);
    expect(shouldColor(undefined, {}, false)).toBe(false);
  });

  // util-linux `script` runs the CLI on a pseudo-terminal.
  const onTerminal = (args: string) => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} ${args}`;
    return spawnSync('script', ['-qec', command, '/dev/null'], { cwd: EXAMPLE, encoding: 'utf8', input: '', env: testEnv({ TERM: 'xterm' }) });
  };

  it('colours stylish on a terminal', () => {
    const r = onTerminal('');
    expect(r.stdout).toContain('\u001b[31merror');
  });

  it('writes no colour to an output file, even from a terminal', () => {
    const out = path.join(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-color-')), 'report.txt');
    onTerminal(`-o ${JSON.stringify(out)}`);
    const text = nodeFs.readFileSync(out, 'utf8');
    expect(text).toContain('error');
    expect(text).not.toContain('\u001b[');
    nodeFs.rmSync(path.dirname(out), { recursive: true, force: true });
  });
});
