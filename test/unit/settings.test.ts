import * as nodeFs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../src/fs.js';
import { run } from '../../src/run.js';
import { SettingsError } from '../../src/settings/validate.js';
import { printableSettings } from '../../src/settings/print.js';
import { SCHEMA_FILE, schemaText } from '../../src/tools/schema.js';
import { rules } from '../../rules/index.js';

/** Two functions whose handlers send no Access-Control-Allow-Origin: two missing-allow-origin errors. */
const SERVICE = (custom = '') => `service: shop
provider:
  name: aws
  runtime: nodejs20.x
functions:
  pub:
    handler: src/pub.handler
    events:
      - http: { path: pub, method: get, cors: true }
  hook:
    handler: src/hook.handler
    events:
      - http: { path: hook, method: post, cors: true }
${custom}`;
const HANDLER = "exports.handler = async () => ({ statusCode: 200, body: '' });\n";

function project(extra: Record<string, string> = {}, custom = '') {
  return {
    '/r/.git/HEAD': 'ref',
    '/r/svc/serverless.yml': SERVICE(custom),
    '/r/svc/src/pub.js': HANDLER,
    '/r/svc/src/hook.js': HANDLER,
    ...extra,
  };
}

/** `file:line rule severity` for every finding of a run over /r. */
function findings(files: Record<string, string>, options: Partial<Parameters<typeof run>[0]> = {}) {
  const report = run({ ruleSet: rules, paths: ['/r'], fs: memoryFileSystem(files), fix: false, env: {}, ...options });
  return report.results.flatMap((r) => r.messages.map((m) => `${r.filePath.replace('/r/svc/', '')}:${m.line} ${m.ruleId} ${m.severity}`));
}

function settingsError(files: Record<string, string>): string {
  try {
    findings(files);
  } catch (e) {
    if (e instanceof SettingsError) return e.message;
    throw e;
  }
  throw new Error('no SettingsError');
}

describe('settings files', () => {
  it('the published schema is generated from the rules (npm run docs:update)', () => {
    expect(nodeFs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });

  it('without settings, both handlers are errors', () => {
    expect(findings(project())).toEqual(['src/hook.js:1 missing-allow-origin 2', 'src/pub.js:1 missing-allow-origin 2']);
  });

  it('reads .cors-lint.json and .cors-lint.yaml from the service folder up to the repository root', () => {
    expect(findings(project({ '/r/.cors-lint.json': '{ "rules": { "missing-allow-origin": "warn" } }' }))).toEqual([
      'src/hook.js:1 missing-allow-origin 1',
      'src/pub.js:1 missing-allow-origin 1',
    ]);
    expect(findings(project({ '/r/svc/.cors-lint.yaml': 'rules:\n  missing-allow-origin: off\n' }))).toEqual([]);
    // Above the repository root nothing is read.
    expect(findings(project({ '/.cors-lint.json': '{ "rules": { "missing-allow-origin": "off" } }' }))).toHaveLength(2);
  });

  it('overrides apply per file glob, per function and per service; a later match wins; --rule wins over all', () => {
    const yaml = `rules: { missing-allow-origin: warn }
overrides:
  - files: ["svc/src/pub.*"]
    rules: { missing-allow-origin: off }
  - functions: [hook]
    rules: { missing-allow-origin: error }
  - services: [other]
    rules: { missing-allow-origin: off }
`;
    const files = project({ '/r/.cors-lint.yaml': yaml });
    expect(findings(files)).toEqual(['src/hook.js:1 missing-allow-origin 2']);
    expect(findings(files, { rules: { 'missing-allow-origin': 'warn' } })).toEqual([
      'src/hook.js:1 missing-allow-origin 1',
      'src/pub.js:1 missing-allow-origin 1',
    ]);
  });

  it('an override can turn on a rule that is off by default, for one service only', () => {
    const base = project({ '/r/svc/src/pub.js': "exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });\n" });
    const settings = (service: string) => `{ "overrides": [{ "services": ["${service}"], "rules": { "backend-cors-ignored": "error" } }] }`;
    const httpApi = (files: Record<string, string>) => ({
      ...files,
      '/r/svc/serverless.yml': files['/r/svc/serverless.yml']
        .replace('runtime: nodejs20.x', 'runtime: nodejs20.x\n  httpApi:\n    cors: true')
        .replace(/- http: \{ path: (\w+), method: (\w+), cors: true \}/g, '- httpApi: $2 /$1'),
    });
    expect(findings(httpApi({ ...base, '/r/.cors-lint.json': settings('shop') }))).toEqual(['src/pub.js:1 backend-cors-ignored 2']);
    expect(findings(httpApi({ ...base, '/r/.cors-lint.json': settings('other') }))).toEqual([]);
  });

  it('ignores drop findings in matching files and skip matching services (noted for --verbose)', () => {
    expect(findings(project({ '/r/.cors-lint.json': '{ "ignores": ["svc/src/hook.js"] }' }))).toEqual(['src/pub.js:1 missing-allow-origin 2']);
    const fs = memoryFileSystem(project({ '/r/.cors-lint.json': '{ "ignores": ["svc/"] }' }));
    const report = run({ ruleSet: rules, paths: ['/r'], fs, fix: false, env: {} });
    expect(report.results).toEqual([]);
    expect(report.checked.services).toBe(0);
    expect(report.notes).toEqual([{ path: '/r/svc/serverless.yml', reason: 'ignored by /r/.cors-lint.json' }]);
  });

  it('functions and services that are not browser-facing are left out of the CORS checks', () => {
    expect(findings(project({ '/r/.cors-lint.json': '{ "notBrowserFacing": { "functions": ["hook"] } }' }))).toEqual(['src/pub.js:1 missing-allow-origin 2']);
    expect(findings(project({ '/r/.cors-lint.json': '{ "notBrowserFacing": { "services": ["shop"] } }' }))).toEqual([]);
  });

  it('custom.corsLint in the service config wins over the settings file', () => {
    const custom = 'custom:\n  corsLint:\n    rules:\n      missing-allow-origin: warn\n';
    const files = project({ '/r/.cors-lint.json': '{ "rules": { "missing-allow-origin": "off" } }' }, custom);
    expect(findings(files)).toEqual(['src/hook.js:1 missing-allow-origin 1', 'src/pub.js:1 missing-allow-origin 1']);
  });

  it('-c replaces the lookup; --no-config-lookup ignores settings files and custom.corsLint', () => {
    const custom = 'custom:\n  corsLint:\n    rules:\n      missing-allow-origin: warn\n';
    const files = project({ '/r/.cors-lint.json': '{ "rules": { "missing-allow-origin": "off" } }', '/r/other.yaml': 'rules:\n  missing-allow-origin: off\n' });
    expect(findings(files, { settings: { lookup: false } })).toHaveLength(2);
    expect(findings({ ...files, '/r/.cors-lint.json': '{}' }, { settings: { lookup: true, configFile: '/r/other.yaml' } })).toEqual([]);
    // With -c, globs are relative to the working folder (configBase), as in ESLint.
    const team = { ...files, '/r/config/team.yaml': 'ignores: [svc/src/hook.js]\n' };
    expect(findings(team, { settings: { lookup: true, configFile: '/r/config/team.yaml', configBase: '/r' } })).toEqual([
      'src/pub.js:1 missing-allow-origin 2',
    ]);
    expect(findings(project({}, custom), { settings: { lookup: false } })).toEqual([
      'src/hook.js:1 missing-allow-origin 2',
      'src/pub.js:1 missing-allow-origin 2',
    ]);
  });

  it('allowedOrigins of the linted stage reach fixes; other stages do not', () => {
    const config = SERVICE().replace('runtime: nodejs20.x', 'runtime: nodejs20.x\n  httpApi:\n    cors:\n      allowCredentials: true');
    const files = { ...project(), '/r/svc/serverless.yml': config, '/r/.cors-lint.json': '{ "allowedOrigins": { "prod": ["https://app.example.com"] } }' };
    const fixed = (stage: string) =>
      run({ ruleSet: rules, paths: ['/r'], fs: memoryFileSystem(files), fix: true, env: {}, stages: [stage] }).results.find((r) => r.output)?.output;
    expect(fixed('prod')).toContain('allowCredentials: true\n      allowedOrigins:\n        - https://app.example.com\n');
    expect(fixed('dev')).toBeUndefined();
  });
});

describe('settings errors name the file, line, column and key, with a did-you-mean', () => {
  it('misspelt keys, rule ids and levels', () => {
    const yaml = 'rulse: {}\nrules:\n  missing-alow-origin: warn\n  missing-allow-origin: warning\noverrides:\n  - fles: [a]\n';
    expect(settingsError(project({ '/r/.cors-lint.yaml': yaml })).split('\n')).toEqual([
      '/r/.cors-lint.yaml:1:1: unknown key "rulse"; did you mean "rules"?',
      '/r/.cors-lint.yaml:3:3: unknown rule "missing-alow-origin"; did you mean "missing-allow-origin"?',
      '/r/.cors-lint.yaml:4:25: rules.missing-allow-origin: "warning" is not one of off, warn, error; did you mean "warn"?',
      '/r/.cors-lint.yaml:6:5: unknown key "fles" in overrides[0]; did you mean "files"?',
    ]);
  });

  it('wrong types, origins that are not origins, and JSON syntax errors', () => {
    const json = '{\n  "ignores": "dist",\n  "allowedOrigins": { "prod": ["https://app.example.com/"] }\n}';
    expect(settingsError(project({ '/r/.cors-lint.json': json })).split('\n')).toEqual([
      '/r/.cors-lint.json:2:14: ignores: expected a list, got a string',
      '/r/.cors-lint.json:3:32: allowedOrigins.prod[0]: "https://app.example.com/" is not an origin (scheme://host[:port], without path, trailing slash or wildcard)',
    ]);
    expect(settingsError(project({ '/r/.cors-lint.json': '{ "rules": { }' }))).toMatch(/^\/r\/.cors-lint.json:1:\d+: /);
  });

  it('in custom.corsLint, keys are named from custom.corsLint and lines are the service config’s', () => {
    const message = settingsError(project({}, 'custom:\n  corsLint:\n    overrides:\n      - rules: { missing-allow-origin: of }\n'));
    expect(message).toBe(
      '/r/svc/serverless.yml:17:40: custom.corsLint.overrides[0].rules.missing-allow-origin: "of" is not one of off, warn, error; did you mean "off"?',
    );
  });
});

describe('--print-config', () => {
  it('shows the levels that apply to a file and the other settings merged', () => {
    const yaml =
      'rules: { missing-allow-origin: warn }\noverrides:\n  - files: ["svc/src/pub.js"]\n    rules: { missing-allow-origin: off }\n  - functions: [hook]\n    rules: { origin-mismatch: off }\nallowedOrigins: { prod: ["https://a.example"] }\n';
    const fs = memoryFileSystem(project({ '/r/.cors-lint.yaml': yaml }, 'custom:\n  corsLint:\n    ignores: [legacy/]\n'));
    const pub = printableSettings(fs, '/r/svc/src/pub.js', { lookup: true }, {}) as { rules: Record<string, string> };
    const hook = printableSettings(fs, '/r/svc/src/hook.js', { lookup: true }, {}) as { rules: Record<string, string> };
    expect(pub.rules['missing-allow-origin']).toBe('off');
    expect(hook.rules['missing-allow-origin']).toBe('warn');
    expect(hook.rules['backend-cors-ignored']).toBe('off');
    expect(hook.rules['parse-error']).toBe('error');
    expect(hook).toMatchObject({
      settingsFiles: ['/r/.cors-lint.yaml', '/r/svc/serverless.yml'],
      ignores: ['legacy/'],
      overrides: [{ functions: ['hook'], rules: { 'origin-mismatch': 'off' } }],
      allowedOrigins: { prod: ['https://a.example'] },
    });
  });
});

describe('the README', () => {
  it('shows a settings file that validates', () => {
    const readme = nodeFs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = readme.match(/```yaml\n(# \.cors-lint\.yaml\n[\s\S]*?)```/)![1];
    expect(findings(project({ '/r/.cors-lint.yaml': example }))).toEqual(['src/hook.js:1 missing-allow-origin 1', 'src/pub.js:1 missing-allow-origin 1']);
  });
});
