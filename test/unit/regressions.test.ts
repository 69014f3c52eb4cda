import { describe, expect, it } from 'vitest';
import { discoverConfigs } from '../../src/discover.js';
import { memoryFileSystem } from '../../src/fs.js';
import { lintService } from '../../src/lint.js';
import { rules } from '../../rules/index.js';

/** Small shapes from the second real-world sweep (services recreated from public repositories). */
describe('regressions from the second real-world sweep', () => {
  it('reads a serverless.ts named on the command line as a program config, not as YAML', () => {
    const fs = memoryFileSystem({ '/repo/serverless.ts': "export default { service: 'app' };\n" });
    expect(discoverConfigs(fs, '/repo/serverless.ts')).toEqual({ configs: ['/repo/serverless.ts'] });
    const lint = lintService('/repo/serverless.ts', { ruleSet: rules, fs, repoRoot: '/repo' });
    expect([lint.unreadable, lint.project.service, lint.diagnostics]).toEqual([undefined, 'app', []]);
  });

  // An authorized path whose origin is chosen per stage: the DEFAULT_4XX fix would add a gateway
  // response for every stage carrying the origin of the stage that happened to be linted.
  const config = (origin: string) => `service: s
provider:
  name: aws
  runtime: nodejs20.x
custom:
  origins:
    dev: '*'
    prod: https://app.example.com
functions:
  a:
    handler: h.main
    events:
      - http:
          path: a
          method: get
          authorizer: aws_iam
          cors:
            origin: ${origin}
`;
  const gatewayFix = (origin: string) => {
    const fs = memoryFileSystem({
      '/repo/serverless.yml': config(origin),
      '/repo/h.js': "exports.main = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: '' });\n",
    });
    const lint = lintService('/repo/serverless.yml', { ruleSet: rules, fs, repoRoot: '/repo', stage: 'prod', only: ['authorizer-missing-gateway-responses'] });
    expect(lint.diagnostics).toHaveLength(1);
    return lint.diagnostics[0].fix;
  };

  it('offers no gateway-response fix when the origin comes from a stage-dependent variable', () => {
    expect(gatewayFix('${self:custom.origins.${sls:stage}}')).toBeUndefined();
  });

  it('still copies an origin written in the file into the gateway response', () => {
    const edits = gatewayFix('https://app.example.com')?.edits ?? [];
    expect(edits.map((e) => e.text).join('')).toContain("'https://app.example.com'");
  });
});
