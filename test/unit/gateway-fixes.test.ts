import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { reparses } from '../../src/edit/reparse.js';
import { fixService } from '../../src/fix.js';
import { memoryFileSystem, overlayFileSystem } from '../../src/fs.js';
import { rules } from '../../rules/index.js';

/**
 * The 4XX and 5XX gateway-response fixes both insert under `resources:`. In one pass the second
 * touches the first and waits; the fix loop re-lints and applies it on the next pass.
 */
const CONFIG = '/svc/serverless.yml';
const RULES = ['authorizer-missing-gateway-responses', 'missing-5xx-gateway-response'];

const files = {
  [CONFIG]: `service: products
provider:
  name: aws
  runtime: nodejs20.x
functions:
  getProduct:
    handler: handler.get
    events:
      - http:
          path: product
          method: get
          cors:
            origin: https://shop.example.com
            allowCredentials: true
          authorizer: aws_iam
`,
  '/svc/handler.js':
    "module.exports.get = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://shop.example.com' }, body: '{}' });\n",
};

const options = (fs = memoryFileSystem(files)) => ({ fs, ruleSet: rules, repoRoot: '/svc', only: RULES });

describe('gateway-response fixes together', () => {
  const outcome = fixService(CONFIG, options());
  const fixed = outcome.outputs.get(CONFIG)!;

  it('adds both DEFAULT_4XX and DEFAULT_5XX responses with the configured origin', () => {
    expect(outcome.dropped).toEqual([]);
    expect(outcome.cycle).toBe(false);
    const doc = parseDocument(fixed).toJS() as { resources: { Resources: Record<string, { Properties: Record<string, unknown> }> } };
    const resources = doc.resources.Resources;
    expect(Object.keys(resources).sort()).toEqual(['GatewayResponseDefault4XX', 'GatewayResponseDefault5XX']);
    for (const [id, type] of [
      ['GatewayResponseDefault4XX', 'DEFAULT_4XX'],
      ['GatewayResponseDefault5XX', 'DEFAULT_5XX'],
    ]) {
      expect(resources[id].Properties.ResponseType).toBe(type);
      expect(resources[id].Properties.ResponseParameters).toEqual({
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://shop.example.com'",
        'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'",
      });
    }
  });

  it('leaves text that re-parses and keeps the original lines', () => {
    expect(reparses(CONFIG, fixed)).toBeUndefined();
    expect(fixed.startsWith(files[CONFIG])).toBe(true);
  });

  it('leaves nothing for either rule, so a second run changes nothing', () => {
    expect(outcome.result.diagnostics).toEqual([]);
    const again = fixService(CONFIG, options(overlayFileSystem(memoryFileSystem(files), outcome.outputs)));
    expect(again.outputs.size).toBe(0);
  });
});
