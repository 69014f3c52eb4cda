import * as path from 'node:path';
import { lazy } from './lazy.js';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import { confinedFileSystem, describeReadProblem, type FileSystem } from './fs.js';
import { SourceFile } from './source.js';
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

/**
 * The nearest settings file at or above `dir` (stopping at `root`), validated; {} when there is
 * none. One that exists but cannot be read (a FIFO, no permission, a link out of the repository)
 * is an error, never silently skipped, and its message quotes nothing of it.
 */
export function loadSettings(fs: FileSystem, dir: string, root: string): Settings {
  const confined = confinedFileSystem(fs, root);
  for (let d = dir; ; d = path.dirname(d)) {
    const file = path.join(d, SETTINGS_FILE);
    const text = confined.read(file);
    if (text !== undefined) return parseSettings(file, text);
    const problem = confined.readProblem(file);
    if (problem && problem.kind !== 'missing') throw new SettingsError(describeReadProblem(file, problem));
    if (d === root || path.dirname(d) === d || !d.startsWith(root)) return {};
  }
}

function parseSettings(file: string, text: string): Settings {
  let data: unknown;
  const json = text.replace(/^\uFEFF/, '');
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new SettingsError(`${file}: not valid JSON${jsonErrorPlace(json, (e as Error).message)}`);
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

/**
 * Where JSON.parse failed, as ` at line L, column C` (empty when it does not say). Its message is
 * not passed on: it quotes the text, which must not reach a terminal or a CI log.
 */
function jsonErrorPlace(text: string, message: string): string {
  const line = /line (\d+) column (\d+)/.exec(message);
  if (line) return ` at line ${line[1]}, column ${line[2]}`;
  const at = /position (\d+)/.exec(message);
  if (!at) return '';
  const p = new SourceFile('', text).position(Number(at[1]));
  return ` at line ${p.line}, column ${p.column}`;
}
