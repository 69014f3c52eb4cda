import type { ErrorObject, ValidateFunction } from 'ajv';
import { asBoolean, asStringList, type CfgEntry, type CfgValue } from '../config/tree.js';
import type { Span } from '../source.js';
import { configValue } from './config-node.js';
import { httpApi, keys, rest } from './cors-schema.generated.js';
import type { ConfigNode, RestCors, V2Cors } from './types.js';

/**
 * The framework's schemas for the two `cors` objects it reads, and a did-you-mean for keys they
 * reject. Unknown keys are only warned about in the default `configValidationMode: warn` and
 * then dropped, so a misspelt key silently leaves its setting at the default (docs/cors-semantics.md#rest-cors, #http-api).
 */
export type CorsSchemaKind = 'rest' | 'httpApi';

// Both schemas live in cors-schemas.json, compiled at build time (scripts/compile-schemas.mjs) with
// the framework's options: a scalar where a list belongs becomes a one-element list and 'true'
// becomes true, so neither is a defect.
const validators: Record<CorsSchemaKind, ((data: unknown) => boolean) & Pick<ValidateFunction, 'errors'>> = { rest, httpApi };
const CORS_KEYS: Record<CorsSchemaKind, string[]> = keys;

/**
 * Names users reach for, by lower-cased spelling: the other API's names and the AWS/CloudFormation
 * ones. Maps, as the keys looked up come from the project (`constructor` is data, not a member).
 */
const ALIASES: Record<CorsSchemaKind, Map<string, string>> = {
  rest: aliasMap({
    credentials: 'allowCredentials',
    allowedorigins: 'origins',
    alloworigins: 'origins',
    allowedorigin: 'origin',
    alloworigin: 'origin',
    allowedheaders: 'headers',
    allowheaders: 'headers',
    allowedmethods: 'methods',
    allowmethods: 'methods',
    'cache-control': 'cacheControl',
    'max-age': 'maxAge',
  }),
  httpApi: aliasMap({
    credentials: 'allowCredentials',
    origin: 'allowedOrigins',
    origins: 'allowedOrigins',
    alloworigin: 'allowedOrigins',
    alloworigins: 'allowedOrigins',
    allowedorigin: 'allowedOrigins',
    headers: 'allowedHeaders',
    allowheaders: 'allowedHeaders',
    methods: 'allowedMethods',
    allowmethods: 'allowedMethods',
    exposeheaders: 'exposedResponseHeaders',
    exposedheaders: 'exposedResponseHeaders',
    exposeresponseheaders: 'exposedResponseHeaders',
    'max-age': 'maxAge',
  }),
};

function aliasMap(aliases: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(aliases));
}

/** Keys that are right for the other API (lower-cased): the typical REST ⇄ HTTP API mix-up. */
const OTHER_API_KEYS: Record<CorsSchemaKind, Set<string>> = {
  rest: new Set(['allowedorigins', 'allowedheaders', 'allowedmethods']),
  httpApi: new Set(['origin', 'origins', 'headers', 'methods']),
};

export interface KeySuggestion {
  key: string;
  /** The key as written is the other API's name for the setting. */
  otherApi: boolean;
}

/**
 * The key meant by an unknown key: an alias, a case-insensitive match, or the one known key
 * within edit distance 2 (none when two are equally close).
 */
export function suggestKey(kind: CorsSchemaKind, key: string): KeySuggestion | undefined {
  const lower = key.toLowerCase();
  const otherApi = OTHER_API_KEYS[kind].has(lower);
  const alias = ALIASES[kind].get(lower);
  if (alias) return { key: alias, otherApi };
  let best: string | undefined;
  let bestDistance = 3;
  let tie = false;
  for (const known of CORS_KEYS[kind]) {
    const d = editDistance(lower, known.toLowerCase());
    if (d < bestDistance) [best, bestDistance, tie] = [known, d, false];
    else if (d === bestDistance) tie = true;
  }
  return best && !tie ? { key: best, otherApi } : undefined;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** One key of a `cors` object, as the checks of its raw text need it. */
export interface CorsKey {
  key: string;
  keySpan: Span;
  value: ConfigNode;
  /** The value as the framework would read it under the key meant: a boolean, a list of texts (undefined items unknown). */
  asBoolean?: boolean;
  asList?: (string | undefined)[];
}

export type SchemaIssue =
  | { kind: 'unknown-key'; entry: CorsKey }
  /** `problem` reads after the key: "must be >= 1". */
  | { kind: 'invalid-value'; entry: CorsKey; problem: string };

/**
 * What the framework's validator reports for a `cors` object (of an `http` event: 'rest'; of
 * `provider.httpApi`: 'httpApi'). Entries whose value is (or holds) a variable that cannot be
 * resolved, or a CloudFormation function, are not judged.
 */
export function corsSchemaIssues(kind: CorsSchemaKind, cors: Pick<RestCors | V2Cors, 'node'>): SchemaIssue[] {
  const map = configValue(cors.node);
  if (map.kind !== 'map') return [];
  // Null-prototype objects: a `__proto__` or `constructor` key is an unknown key like any other.
  const data = dataObject();
  const byKey = new Map<string, CfgEntry>();
  for (const e of map.entries) {
    const value = plain(e.value);
    if (value === UNKNOWN) continue;
    data[e.key] = value;
    byKey.set(e.key, e);
  }
  const validate = validators[kind];
  if (validate(data)) return [];
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const err of validate.errors ?? []) {
    const issue = toIssue(err, byKey);
    const id = issue && `${issue.kind}:${issue.entry.key}`;
    if (issue && !seen.has(id!)) {
      seen.add(id!);
      issues.push(issue);
    }
  }
  return issues;
}

function toIssue(err: ErrorObject, byKey: Map<string, CfgEntry>): SchemaIssue | undefined {
  if (err.keyword === 'additionalProperties') {
    const entry = byKey.get(String(err.params.additionalProperty));
    return entry && { kind: 'unknown-key', entry: corsKey(entry) };
  }
  const [, key, index] = err.instancePath.split('/');
  const found = byKey.get(key);
  if (!found) return undefined;
  const entry = corsKey(found);
  const allowed = err.keyword === 'enum' ? ` (${(err.params.allowedValues as unknown[]).join(', ')})` : '';
  const item = index === undefined ? '' : `item ${Number(index) + 1} `;
  return { kind: 'invalid-value', entry, problem: `${item}${err.message ?? 'is invalid'}${allowed}` };
}

function corsKey(e: CfgEntry): CorsKey {
  return { key: e.key, keySpan: e.keySpan, value: e.value, asBoolean: asBoolean(e.value), asList: asStringList(e.value) };
}

const UNKNOWN = Symbol('unknown');

function plain(v: CfgValue): unknown {
  if (v.kind === 'unknown' || (v.kind === 'map' && v.tag)) return UNKNOWN;
  if (v.kind === 'scalar') return v.value;
  if (v.kind === 'seq') {
    const items = v.items.map(plain);
    return items.includes(UNKNOWN) ? UNKNOWN : items;
  }
  const out = dataObject();
  for (const e of v.entries) {
    const value = plain(e.value);
    if (value === UNKNOWN) return UNKNOWN;
    out[e.key] = value;
  }
  return out;
}

function dataObject(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}
