import * as path from 'node:path';
import { lazy } from './lazy.js';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import type { FileSystem } from './fs.js';
import type { RuleLevel } from './lint.js';
import { rules } from '../rules/index.js';

/** cors-lint's own configuration file, looked up from the service folder up to the repository root. */
export const SETTINGS_FILE = '.cors-lint.json';

export interface Settings {
  rules?: Record<string, RuleLevel>;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    rules: {
      type: 'object',
      propertyNames: { enum: rules.map((r) => r.meta.id) },
      additionalProperties: { enum: ['off', 'warn', 'error'] },
    },
  },
};

const ajv = lazy<{ Ajv: typeof AjvClass }>('ajv');

/** Loaded and compiled on first use: most runs have no settings file, and ajv costs start-up time. */
let validator: ValidateFunction<Settings> | undefined;
const validate = (data: unknown): data is Settings => {
  if (!validator) {
    const { Ajv } = ajv();
    validator = new Ajv({ allErrors: true }).compile<Settings>(schema);
  }
  return validator(data);
};

export class SettingsError extends Error {}

/** The nearest settings file at or above `dir` (stopping at `root`), validated; {} when there is none. */
export function loadSettings(fs: FileSystem, dir: string, root: string): Settings {
  for (let d = dir; ; d = path.dirname(d)) {
    const file = path.join(d, SETTINGS_FILE);
    const text = fs.read(file);
    if (text !== undefined) return parseSettings(file, text);
    if (d === root || path.dirname(d) === d || !d.startsWith(root)) return {};
  }
}

function parseSettings(file: string, text: string): Settings {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new SettingsError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (!validate(data)) {
    const detail = (validator?.errors ?? [])
      .filter((e) => e.keyword !== 'propertyNames')
      .map((e) =>
        e.propertyName !== undefined
          ? `unknown rule "${e.propertyName}"`
          : `${e.instancePath || '/'} ${e.message}${'allowedValues' in e.params ? ` (${(e.params.allowedValues as string[]).join(', ')})` : ''}`,
      );
    throw new SettingsError(`${file}: ${detail.join('; ')}`);
  }
  return data;
}
