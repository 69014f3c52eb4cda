import { describe, expect, it } from 'vitest';
import { fixService } from '../../src/fix.js';
import { memoryFileSystem } from '../../src/fs.js';
import { reparses } from '../../src/edit/reparse.js';
import { rules } from '../../rules/index.js';

/** The fix loop on whole services: bytes outside the edit stay as they were, and fixing is idempotent. */
const HANDLER = "module.exports.get = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: '' });\n";
const CONFIG = [
  '# API',
  'service: s',
  'provider:',
  '  name: aws',
  '  runtime: nodejs20.x',
  'functions:',
  '  get:',
  '    handler: handler.get',
  '    events:',
  '      - http:',
  '          path: items',
  '          method: get',
  '          cors: true   # preflight',
  '          authorizer: aws_iam',
  '',
].join('\n');

function fix(config: string, name = 'serverless.yml') {
  const files = { [`/r/${name}`]: config, '/r/handler.js': HANDLER };
  return fixService(`/r/${name}`, { ruleSet: rules, fs: memoryFileSystem(files), repoRoot: '/r', only: ['authorizer-missing-gateway-responses'] });
}

describe('fixService', () => {
  it('keeps CRLF line endings and a BOM, and edits nothing before the insertion point', () => {
    const crlf = `\uFEFF${CONFIG.replace(/\n/g, '\r\n')}`;
    const out = fix(crlf).outputs.get('/r/serverless.yml')!;
    expect(out.startsWith(crlf)).toBe(true);
    expect(out.slice(crlf.length)).not.toMatch(/(^|[^\r])\n/);
    expect(out).toContain('gatewayresponse.header.Access-Control-Allow-Origin: "\'*\'"\r\n');
    expect(reparses('serverless.yml', out)).toBeUndefined();
  });

  it('converges: the fixed service has nothing left to fix', () => {
    const first = fix(CONFIG);
    const out = first.outputs.get('/r/serverless.yml')!;
    expect(first.result.diagnostics).toEqual([]);
    expect(fix(out).outputs.size).toBe(0);
  });

  it('leaves a file without a final newline valid', () => {
    const out = fix(CONFIG.trimEnd()).outputs.get('/r/serverless.yml')!;
    expect(out.startsWith(CONFIG.trimEnd())).toBe(true);
    expect(reparses('serverless.yml', out)).toBeUndefined();
  });

  it('does nothing when the service has nothing to fix', () => {
    const clean = CONFIG.replace('          authorizer: aws_iam\n', '');
    const outcome = fix(clean);
    expect(outcome.outputs.size).toBe(0);
    expect(outcome.dropped).toEqual([]);
  });
});
