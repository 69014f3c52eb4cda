import * as path from 'node:path';
import { parseConfig } from './config/load.js';
import { asString, get } from './config/tree.js';
import type { FileSystem } from './fs.js';

/** Serverless Compose files, which list a repository's services (`services.<name>.path`, optional `config`). */
export const COMPOSE_NAMES = ['serverless-compose.yml', 'serverless-compose.yaml', 'serverless-compose.json'];

/**
 * The service folders (or config files, when `config` names one) a compose file lists, that
 * exist. A compose file that does not parse lists nothing: the folder walk still finds the
 * services with standard config names.
 */
export function composeServices(fs: FileSystem, file: string): string[] {
  const text = fs.read(file);
  if (text === undefined) return [];
  const parsed = parseConfig(file, text);
  const services = get(parsed.value, 'services');
  if (parsed.errors.length > 0 || services?.kind !== 'map') return [];
  const out: string[] = [];
  for (const { value } of services.entries) {
    const dir = asString(get(value, 'path'));
    if (dir === undefined) continue;
    const config = asString(get(value, 'config'));
    const target = path.resolve(path.dirname(file), dir, config ?? '');
    if (fs.isFile(target) || fs.isDirectory(target)) out.push(target);
  }
  return out;
}
