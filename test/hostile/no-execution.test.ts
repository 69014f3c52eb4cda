import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, diskRepo, serviceYaml } from '../support/hostile.js';

/**
 * cors-lint never executes project code. Every file below would leave a marker file if it were
 * run (required, imported, evaluated or spawned), whatever cors-lint is asked to do with them.
 */
const mark = (name: string) => `require('node:fs').writeFileSync(require('node:path').join(__dirname, 'EXECUTED-${name}'), '');\n`;
const esmMark = (name: string) => `import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./EXECUTED-${name}', import.meta.url), '');\n`;

describe('project code is never executed', () => {
  it('by a lint, a --fix or a --fix-dry-run run', () => {
    const dir = diskRepo({
      'program/serverless.js': `${mark('serverless-js')}module.exports = { service: 'p' };\n`,
      'program-ts/serverless.ts': `${esmMark('serverless-ts')}export default { service: 'p' };\n`,
      'api/serverless.yml': serviceYaml('custom:\n  fromJs: ${file(./config.js):value}\n  fromMjs: ${file(./config.mjs)}\n').replace(
        'cors: true',
        'cors:\n            origin: https://App.example.com/',
      ),
      'api/config.js': `${mark('file-js')}module.exports = { value: 1 };\n`,
      'api/config.mjs': `${esmMark('file-mjs')}export default {};\n`,
      'api/handler.js': `${mark('handler')}const h = require('./helper');\nexports.main = async () => h.respond();\n`,
      'api/helper.js': `${mark('helper')}exports.respond = () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' } });\n`,
      'api/package.json': JSON.stringify({ name: 'api', scripts: { prepare: 'touch EXECUTED-script', postinstall: 'touch EXECUTED-script' } }),
      'py/serverless.yml': serviceYaml('', 'app.main').replace('nodejs20.x', 'python3.12'),
      'py/app.py': "open(__file__ + '.EXECUTED-python', 'w')\ndef main(event, context):\n    return {'statusCode': 200}\n",
    });
    for (const args of [[], ['--fix'], ['--fix-dry-run'], ['--verbose', '-f', 'json']]) {
      const r = cli(dir, args);
      expect(r.status, r.stderr).not.toBe(2);
    }
    const markers = nodeFs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => path.basename(f).includes('EXECUTED'));
    expect(markers).toEqual([]);
    // The run did look at these files: the fix was written and the helper followed.
    expect(nodeFs.readFileSync(path.join(dir, 'api', 'serverless.yml'), 'utf8')).toContain('origin: https://app.example.com\n');
  });
});
