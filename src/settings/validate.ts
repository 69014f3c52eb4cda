import { entry, type CfgValue } from '../config/tree.js';
import { didYouMean } from '../did-you-mean.js';
import type { Position, Span } from '../source.js';
import { validate as compiled } from './validate.generated.js';

/** Settings as the schema describes them (schema/cors-lint.schema.json). */
export interface Settings {
  rules?: Record<string, 'off' | 'warn' | 'error'>;
  ignores?: string[];
  overrides?: Override[];
  notBrowserFacing?: { services?: string[]; functions?: string[] };
  allowedOrigins?: Record<string, string[]>;
}

export interface Override {
  files?: string[];
  functions?: string[];
  services?: string[];
  rules?: Settings['rules'];
}

/** Bad settings: cors-lint stops with exit code 2, one line per problem (ESLint does the same for its config). */
export class SettingsError extends Error {}

/** One ajv error, in the shape the standalone validator reports with `verbose`. */
interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  propertyName?: string;
  parentSchema?: { properties?: Record<string, unknown>; type?: string };
  data?: unknown;
}

const validator = compiled as unknown as { (data: unknown): boolean; errors?: SchemaError[] | null };

/**
 * `value` (a settings file or `custom.corsLint`, as a config tree with spans) as validated
 * settings. Throws a SettingsError naming file, line, column and key of every problem.
 */
export function validateSettings(value: CfgValue, position: (span: Span) => Position, label = ''): Settings {
  const problems: { span: Span; message: string }[] = [];
  const data = toPlain(value, (span, message) => problems.push({ span, message }));
  if (problems.length === 0 && !validator(data)) {
    for (const e of validator.errors ?? []) {
      if (e.keyword === 'propertyNames') continue; // its inner error says which name is wrong
      problems.push(describe(e, value, label));
    }
  }
  problems.sort((a, b) => a.span.start - b.span.start);
  if (problems.length > 0)
    throw new SettingsError(
      problems
        .map((p) => {
          const { line, column } = position(p.span);
          return `${p.span.file}:${line}:${column}: ${p.message}`;
        })
        .join('\n'),
    );
  return data as Settings;
}

/** Plain data from the tree; values that cannot be known statically are problems. */
function toPlain(v: CfgValue, problem: (span: Span, message: string) => void): unknown {
  if (v.kind === 'map') return Object.fromEntries(v.entries.map((e) => [e.key, toPlain(e.value, problem)]));
  if (v.kind === 'seq') return v.items.map((i) => toPlain(i, problem));
  if (v.kind === 'unknown') {
    problem(v.span, `this value cannot be known without deploying (${v.reason})`);
    return null;
  }
  return v.value;
}

function describe(e: SchemaError, root: CfgValue, label: string): { span: Span; message: string } {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const node = at(root, segments);
  const name = keyName(label, segments);
  const inside = name ? ` in ${name}` : '';
  if (e.keyword === 'additionalProperties') {
    const key = String(e.params.additionalProperty);
    const keySpan = (node && entry(node, key)?.keySpan) ?? root.span;
    return { span: keySpan, message: `unknown key "${key}"${inside}${didYouMean(key, Object.keys(e.parentSchema?.properties ?? {}))}` };
  }
  if (e.keyword === 'enum' && e.propertyName !== undefined) {
    const keySpan = (node && entry(node, e.propertyName)?.keySpan) ?? root.span;
    return { span: keySpan, message: `unknown rule "${e.propertyName}"${didYouMean(e.propertyName, e.params.allowedValues as string[])}` };
  }
  const span = node?.span ?? root.span;
  const shown = JSON.stringify(e.data);
  if (e.keyword === 'enum') {
    const allowed = e.params.allowedValues as string[];
    return { span, message: `${name}: ${shown} is not one of ${allowed.join(', ')}${typeof e.data === 'string' ? didYouMean(e.data, allowed) : ''}` };
  }
  // The value itself is not shown: a file that is not settings at all may hold anything.
  if (e.keyword === 'type') return { span, message: `${name || 'the settings'}: expected ${article(String(e.params.type))}, got ${article(typeName(e.data))}` };
  if (e.keyword === 'pattern' && segments[0] === 'allowedOrigins' && segments.length === 3) {
    return { span, message: `${name}: ${shown} is not an origin (scheme://host[:port], without path, trailing slash or wildcard)` };
  }
  if (e.keyword === 'pattern') return { span, message: `${name}: ${shown} is empty or white space` };
  return { span, message: `${name || 'the settings'}: ${e.message ?? e.keyword}` };
}

const ARTICLES: Record<string, string> = { object: 'a map', array: 'a list', string: 'a string' };
const article = (type: string) => ARTICLES[type] ?? type;
const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** `overrides[0].rules`, prefixed with where the settings live (`custom.corsLint`). */
function keyName(label: string, segments: string[]): string {
  let out = label;
  for (const s of segments) out += /^\d+$/.test(s) ? `[${s}]` : `${out ? '.' : ''}${s}`;
  return out;
}

function at(root: CfgValue, segments: string[]): CfgValue | undefined {
  let v: CfgValue | undefined = root;
  for (const s of segments) {
    if (v?.kind === 'map') v = entry(v, s)?.value;
    else if (v?.kind === 'seq') v = v.items[Number(s)];
    else return undefined;
  }
  return v;
}
