// Writes a synthetic monorepo for benchmarks: SERVICES services × FUNCTIONS functions, each handler
// importing a shared response helper, half of them with an authorizer. Usage: node bench/generate.mjs DIR [SERVICES] [FUNCTIONS]
import * as fs from 'node:fs';
import * as path from 'node:path';

const [dir, services = '40', functions = '12'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/generate.mjs DIR [SERVICES] [FUNCTIONS]');
  process.exit(2);
}
fs.rmSync(dir, { recursive: true, force: true });
const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
write('.git/HEAD', 'ref: refs/heads/main\n');
write('libs/response.js', `const cors = { 'Access-Control-Allow-Origin': 'https://app.example.com' };
export const ok = (body) => ({ statusCode: 200, headers: { ...cors }, body: JSON.stringify(body) });
export const fail = (status, message) => ({ statusCode: status, body: JSON.stringify({ message }) });
`);
for (let s = 0; s < Number(services); s++) {
  const fns = [];
  for (let f = 0; f < Number(functions); f++) {
    fns.push(`  fn${f}:
    handler: src/fn${f}.handler
    events:
      - http:
          path: items${f}/{id}
          method: ${['get', 'post', 'put', 'delete'][f % 4]}
          cors:
            origin: https://app.example.com
            headers: [Content-Type, Authorization]
${f % 2 ? '          authorizer: aws_iam\n' : ''}`);
    write(`services/s${s}/src/fn${f}.ts`, `import { ok, fail } from '../../../libs/response.js';
export const handler = async (event: { pathParameters?: { id?: string } }) => {
  if (!event.pathParameters?.id) return fail(400, 'missing id');
  return ok({ id: event.pathParameters.id });
};
`);
  }
  write(`services/s${s}/serverless.yml`, `service: s${s}
custom:
  stage: \${sls:stage}
provider:
  name: aws
  runtime: nodejs20.x
functions:
${fns.join('')}`);
}
console.log(`wrote ${services} services × ${functions} functions to ${dir}`);
