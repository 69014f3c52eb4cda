import * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runOk, testEnv } from './support/process.js';

/**
 * The package as users get it: `npm pack`, installed into a scratch project, then every integration run
 * from there — the CLI and its formats, the rule docs it links, the GitHub Action's lint step, and the
 * ESLint plugin under a real ESLint (installed afterwards, as the optional peer it is).
 */
const ROOT = path.join(import.meta.dirname, '..');
const tmp = nodeFs.realpathSync(nodeFs.mkdtempSync(path.join(os.tmpdir(), 'cors-lint-package-')));
const scratch = path.join(tmp, 'scratch');
const installed = path.join(scratch, 'node_modules', 'cors-lint');
const service = path.join(scratch, 'services', 'products');

const npm = (cwd: string, ...args: string[]) => runOk(cwd, 'npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
const corsLint = (...args: string[]) => run(service, path.join(scratch, 'node_modules', '.bin', 'cors-lint'), args);

beforeAll(() => {
  const [packed] = JSON.parse(runOk(ROOT, 'npm', ['pack', '--json', '--pack-destination', tmp])) as { filename: string }[];
  nodeFs.mkdirSync(scratch);
  nodeFs.writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  nodeFs.mkdirSync(path.join(scratch, '.git'));
  nodeFs.cpSync(path.join(ROOT, 'examples', 'products-service'), service, { recursive: true });
  npm(scratch, 'install', path.join(tmp, packed.filename));
}, 90_000);

afterAll(() => nodeFs.rmSync(tmp, { recursive: true, force: true }));

describe('the packed package', () => {
  it('ships the license, the rule docs and the built code, without ESLint', () => {
    expect(nodeFs.readFileSync(path.join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    const docs = nodeFs.readdirSync(path.join(installed, 'rules')).filter((f) => f.endsWith('.md'));
    expect(docs.length).toBe(nodeFs.readdirSync(path.join(ROOT, 'rules')).filter((f) => f.endsWith('.md')).length);
    expect(nodeFs.existsSync(path.join(installed, 'dist', 'src', 'eslint-plugin', 'index.js'))).toBe(true);
    // eslint, its parser, typescript-estree and TypeScript are optional peers: installing cors-lint installs none.
    for (const peer of ['eslint', '@typescript-eslint/parser', '@typescript-eslint/typescript-estree', 'typescript']) {
      expect(nodeFs.existsSync(path.join(scratch, 'node_modules', peer)), peer).toBe(false);
    }
  });

  it('runs the CLI: stylish, compact with severities, json with docs URLs', () => {
    const stylish = corsLint();
    expect(stylish.stdout).toContain('✖ 4 problems (3 errors, 1 warning)');
    expect(stylish.status).toBe(1);
    expect(corsLint('-f', 'compact').stdout).toMatch(/^handler\.js:11:7: error: /m);
    const json = JSON.parse(corsLint('-f', 'json').stdout) as { messages: { ruleId: string; docsUrl: string }[] }[];
    for (const m of json.flatMap((r) => r.messages)) expect(m.docsUrl).toMatch(new RegExp(`/rules/${m.ruleId}\\.md$`));
  });

  it('writes SARIF with repository-relative URIs and the shipped rule docs as help', () => {
    const r = corsLint('-f', 'sarif', '-o', 'out/cors-lint.sarif');
    expect(r.status).toBe(1);
    const sarif = JSON.parse(nodeFs.readFileSync(path.join(service, 'out', 'cors-lint.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^services\/products\//);
    const help = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'reflected-origin').help.markdown;
    expect(help).toBe(nodeFs.readFileSync(path.join(installed, 'rules', 'reflected-origin.md'), 'utf8'));
  });

  it("runs the GitHub Action's lint step against the installed package", () => {
    const action = parse(nodeFs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { runs: { steps: { id?: string; run: string }[] } };
    const step = action.runs.steps.find((s) => s.id === 'lint')!;
    const output = path.join(tmp, 'github-output');
    const r = run(
      service,
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run],
      testEnv({ GITHUB_ACTION_PATH: installed, GITHUB_OUTPUT: output, CORS_LINT_PATHS: '.', CORS_LINT_ARGS: '', CORS_LINT_SARIF_FILE: 'action.sarif' }),
    );
    expect(r.stdout).toMatch(/^::error file=services\/products\/handler\.js,line=11,/m);
    expect(r.status).toBe(1);
    expect(JSON.parse(nodeFs.readFileSync(path.join(service, 'action.sarif'), 'utf8')).runs[0].results).toHaveLength(4);
  });

  it('runs as an ESLint plugin once eslint and the parser are installed', () => {
    npm(scratch, 'install', 'eslint@^10', '@typescript-eslint/parser@^8');
    nodeFs.writeFileSync(
      path.join(scratch, 'eslint.config.js'),
      [
        "import corsLint from 'cors-lint/eslint-plugin';",
        "import tsParser from '@typescript-eslint/parser';",
        "export default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, corsLint.configs.recommended];",
        '',
      ].join('\n'),
    );
    nodeFs.writeFileSync(
      path.join(scratch, 'api.ts'),
      "import type { APIGatewayProxyEvent } from 'aws-lambda';\nexport const handler = async (event: APIGatewayProxyEvent) => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': event.headers.origin ?? '', 'Access-Control-Allow-Credentials': 'true' }, body: '' });\n",
    );
    const r = run(scratch, path.join(scratch, 'node_modules', '.bin', 'eslint'), ['--format', 'json', 'api.ts']);
    const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string; line: number }[] }[];
    expect(result.messages.map((m) => m.ruleId).sort()).toEqual(['cors-lint/missing-vary-origin', 'cors-lint/reflected-origin']);
    expect(r.status).toBe(1);
  }, 90_000);
});
