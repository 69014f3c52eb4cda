import * as nodeFs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..', '..');

/** The command line as it ships: the file package.json's `bin` names (npm test builds it). */
export const CLI = path.join(
  ROOT,
  (JSON.parse(nodeFs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['cors-lint'],
);
