import type * as JsYaml from 'js-yaml';
import { lazy } from '../lazy.js';
import type { Span } from '../source.js';
import { CFN_FUNCTION_NAMES, cfnFunctionKey, splitGetAtt } from './cfn-tags.js';
import type { CfgEntry, CfgValue } from './tree.js';

/**
 * The configuration as the framework itself reads it: serverless 3.40.0 loads serverless.yml and
 * `${file()}` YAML with js-yaml 4 (`yaml.load` with `@serverless/utils/cloudformation-schema`,
 * js-yaml's default schema plus the CloudFormation short tags) and `.json` with `JSON.parse`.
 * js-yaml is more lenient than the `yaml` package in places (a multi-line quoted scalar whose
 * closing line sits at the key's column, a flow collection continued at its key's indentation),
 * so a file `yaml` rejects may still deploy. Such a file is linted from this reading.
 *
 * js-yaml keeps no node positions; its `listener` reports where each node opens and closes, and
 * the nodes are matched to the loaded values in that order, so most values still point at their
 * text. Where they cannot be matched (an alias, a merge), values point at the nearest node that
 * could. There are no `yaml` nodes, so nothing in such a file can be edited by a fix.
 */

/** js-yaml is loaded only for files the `yaml` package rejects. */
const jsYamlModule = lazy<typeof JsYaml>('js-yaml');
let frameworkSchema: JsYaml.Schema | undefined;

/** js-yaml's default schema with the short tags, each constructing the long form as the framework does. */
export function schema(jsYaml: typeof JsYaml = jsYamlModule()): JsYaml.Schema {
  return (frameworkSchema ??= jsYaml.DEFAULT_SCHEMA.extend(
    CFN_FUNCTION_NAMES.flatMap((name) =>
      (['scalar', 'sequence', 'mapping'] as const).map(
        (kind) =>
          new jsYaml.Type(`!${name}`, {
            kind,
            construct: (data: unknown) => ({ [cfnFunctionKey(`!${name}`)!]: name === 'GetAtt' && typeof data === 'string' ? splitGetAtt(data) : data }),
          }),
      ),
    ),
  ));
}

/** A node as js-yaml's listener reports it: where it opens and closes, its value and nested nodes. */
interface Located {
  start: number;
  end: number;
  kind?: string;
  result: unknown;
  children: Located[];
}

export type FrameworkReading = { ok: true; value: CfgValue } | { ok: false; offset: number; message: string };

/** Reads `text` as the framework does; on failure, where and why its loader stops. */
export function readAsFramework(file: string, text: string, json: boolean): FrameworkReading {
  if (json) {
    try {
      return { ok: true, value: fromPlain(JSON.parse(text.replace(/^\uFEFF/, '')), { file, start: 0, end: 0 }) };
    } catch (e) {
      const at = /position (\d+)/.exec((e as Error).message);
      return { ok: false, offset: at ? Number(at[1]) : 0, message: `JSON parse error: ${(e as Error).message}` };
    }
  }
  const root: Located = { start: 0, end: text.length, result: undefined, children: [] };
  const stack: Located[] = [root];
  let loaded: unknown;
  try {
    const jsYaml = jsYamlModule();
    loaded = jsYaml.load(text, {
      filename: file,
      schema: schema(jsYaml),
      listener(event, state) {
        if (event === 'open') {
          const node: Located = { start: state.position, end: state.position, result: undefined, children: [] };
          stack[stack.length - 1].children.push(node);
          stack.push(node);
        } else if (stack.length > 1) {
          const node = stack.pop()!;
          node.end = state.position;
          node.kind = state.kind ?? undefined;
          node.result = state.result;
        }
      },
    });
  } catch (e) {
    const err = e as { reason?: string; message: string; mark?: { position: number } };
    return { ok: false, offset: err.mark?.position ?? 0, message: err.reason ?? err.message };
  }
  const top = root.children[0];
  const builder = new Builder(file, text);
  return { ok: true, value: top ? builder.build(loaded, top) : fromPlain(loaded, { file, start: 0, end: 0 }) };
}

class Builder {
  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  /** `value` as read by js-yaml, with spans from the node it was read at (when the shapes agree). */
  build(value: unknown, node: Located): CfgValue {
    const span = this.span(node);
    if (node.kind === 'mapping' && isPlainObject(value)) return { kind: 'map', entries: this.entries(value, node), span };
    if (node.kind === 'sequence' && Array.isArray(value) && node.children.length === value.length) {
      return { kind: 'seq', items: value.map((v, i) => this.build(v, node.children[i])), span };
    }
    return fromPlain(value, span);
  }

  /** Pairs of key and value nodes in written order; keys js-yaml merged in (`<<`) come from the values. */
  private entries(value: Record<string, unknown>, node: Located): CfgEntry[] {
    const written = new Map<string, { keySpan: Span; node: Located }>();
    for (let i = 0; i + 1 < node.children.length; i += 2) {
      const key = node.children[i];
      if (key.result === '<<') continue;
      written.set(String(key.result), { keySpan: this.span(key), node: node.children[i + 1] });
    }
    return Object.entries(value).map(([key, v]) => {
      const at = written.get(key);
      if (at) return { key, keySpan: at.keySpan, value: this.build(v, at.node) };
      const span = this.span(node);
      return { key, keySpan: span, value: fromPlain(v, span) };
    });
  }

  /** The node's text without the whitespace and comments js-yaml includes around it. */
  private span(node: Located): Span {
    let start = node.start;
    let end = Math.max(node.end, start);
    for (;;) {
      const skipped = /^(?:\s+|#[^\n]*)/.exec(this.text.slice(start, end));
      if (!skipped) break;
      start += skipped[0].length;
    }
    while (end > start && /\s/.test(this.text[end - 1])) end--;
    return { file: this.file, start, end };
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

/** A loaded value whose text cannot be located: every part points at `span`. */
function fromPlain(value: unknown, span: Span): CfgValue {
  if (Array.isArray(value)) return { kind: 'seq', items: value.map((v) => fromPlain(v, span)), span };
  if (isPlainObject(value)) {
    return { kind: 'map', entries: Object.entries(value).map(([key, v]) => ({ key, keySpan: span, value: fromPlain(v, span) })), span };
  }
  if (value === null || value === undefined) return { kind: 'scalar', value: null, span };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { kind: 'scalar', value, span };
  if (value instanceof Date) return { kind: 'scalar', value: value.toISOString(), span };
  // What is left is a bigint (or a tagged value js-yaml built): its text is what the framework sees.
  return { kind: 'scalar', value: typeof value === 'bigint' ? Number(value) : (JSON.stringify(value) ?? null), span };
}
