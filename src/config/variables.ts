import * as path from 'node:path';
import { describeReadProblem, isInside, type FileSystem } from '../fs.js';
import { gitIgnored } from '../gitignore.js';
import type { Span } from '../source.js';
import { ALIAS_EXPANSION_LIMIT, STRING_LENGTH_LIMIT, pastLimit } from '../limits.js';
import { withVia, type Budget, type ConfigFile, type ConfigFiles, type ConfigProblem } from './load.js';
import { get, type CfgScalar, type CfgValue, type DeployTimeValue } from './tree.js';
import { parseVariables, VariableSyntaxError, type Literal, type Operand, type Variable, type VariableSource } from './variable-syntax.js';

/*
 * Static resolution of Serverless v3 variables (docs/cors-semantics.md#variables): the syntax
 * comes from variable-syntax.ts; resolution mirrors the framework's sources, except that
 * whatever needs AWS, the Dashboard, a plugin or code execution becomes a CfgUnknown.
 *
 * Fallbacks `${a, b, 'x'}` take the first source that is statically known and not null: a source
 * that is unknown here (an unset env var, `${opt:stage}` without --stage, `${ssm:…}`) falls
 * through like a missing one. An escaped `\${…}` is left as written, backslash included.
 */

export interface ResolveOptions {
  files: ConfigFiles;
  fs: FileSystem;
  /** Absolute directory of the service file; `${file()}` paths are relative to it. */
  serviceDir: string;
  /** `${file()}` never reads outside this directory. */
  repoRoot: string;
  /** `--stage` */
  stage?: string;
  /** `--region` */
  region?: string;
  env: Record<string, string | undefined>;
}

export interface ResolvedConfig {
  value: CfgValue;
  problems: ConfigProblem[];
  /** `--stage`, else the resolved `provider.stage`, else `dev` (the framework's `${sls:stage}`). */
  stage: string;
}

export function resolveConfig(file: Pick<ConfigFile, 'source' | 'value'> & Partial<Pick<ConfigFile, 'notes'>>, opts: ResolveOptions): ResolvedConfig {
  const resolver = new Resolver(file, opts);
  const value = resolver.resolve(file.value, 0);
  const stage = resolver.stage() ?? 'dev';
  const seen = new Set<string>();
  const missingFiles = new Map<string, ConfigProblem>();
  const problems = [...(file.notes ?? []), ...resolver.problems].filter((p) => {
    const key = `${p.span.file}\0${p.span.start}\0${p.span.end}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (p.target === undefined) return true;
    // One finding per missing target, at its first reference, however often it is used.
    const first = missingFiles.get(p.target);
    if (first) first.count = (first.count ?? 1) + 1;
    else missingFiles.set(p.target, p);
    return !first;
  });
  return { value, problems, stage };
}

/**
 * Whether the service may be deployed from the repository root with `--config
 * services/api/serverless.yml`, resolving its paths there: framework versions before 3 allowed it;
 * 3.x refuses a config outside the working directory (NESTED_CUSTOM_CONFIGURATION_PATH in 3.40.0's
 * resolve-configuration-path.js). Unless `frameworkVersion` admits only 3 and later, it may be.
 */
export function mayDeployFromRoot(config: CfgValue): boolean {
  const range = get(config, 'frameworkVersion');
  const text = range?.kind === 'scalar' && range.value !== null ? String(range.value) : undefined;
  const majors = [...(text ?? '').matchAll(/(?:^|[^\d.])(\d+)/g)].map((m) => Number(m[1]));
  return majors.length === 0 || Math.min(...majors) < 3;
}

/**
 * A path as the framework resolves it: against the service folder, or, for a service that may be
 * deployed from the repository root (mayDeployFromRoot), against the root when nothing is in the
 * service folder but the path exists from there.
 */
export function fromServiceOrRoot(fs: FileSystem, serviceDir: string, repoRoot: string, rel: string, fromRoot: boolean): string {
  const inService = path.resolve(serviceDir, rel);
  if (!fromRoot || serviceDir === repoRoot || fs.isFile(inService) || path.isAbsolute(rel)) return inService;
  const inRoot = path.resolve(repoRoot, rel);
  return fs.isFile(inRoot) ? inRoot : inService;
}

/** Names of a committed template for a local file: `secrets.example.json`, `env.yml.sample`, `.env.dist`, … */
const TEMPLATE_MARKERS = ['example', 'sample', 'template', 'dist'];

function exampleOf(fs: FileSystem, file: string): string | undefined {
  const ext = path.extname(file);
  const stem = file.slice(0, file.length - ext.length);
  const candidates = TEMPLATE_MARKERS.flatMap((m) => [`${stem}.${m}${ext}`, `${file}.${m}`]);
  return candidates.find((c) => fs.isFile(c));
}

const MAX_DEPTH = 50;
const DEPLOY_TIME_SOURCES = new Set(['ssm', 'cf', 's3', 'param', 'aws', 'output', 'secretsmanager']);
const SCRIPT_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts']);
const DATA_EXTENSIONS = new Set(['.yml', '.yaml', '.json', '.tfstate']);

/**
 * Where a reference leads. `raw` values come from a loaded file and still need resolving;
 * `via` lists the references walked through, outermost first.
 */
type Lookup =
  | { kind: 'found'; value: CfgValue; raw: boolean; via: Span[] }
  /** The framework gets null here: the next fallback is tried. `report` when that is worth a problem. */
  | { kind: 'missing'; reason: string; report?: boolean; expected?: string }
  | { kind: 'unknown'; reason: string; deployTime?: DeployTimeValue }
  /** The framework would fail; the variable that caused it reports `reason`. */
  | { kind: 'error'; reason: string };
type Found = Extract<Lookup, { kind: 'found' }>;
type Failure = Exclude<Lookup, Found | { kind: 'missing' }>;

/**
 * Resolves the raw tree once, memoised per node. A scalar that is exactly one variable is first
 * *located* (followed to the node it names without resolving that node), so `${self:a.b}` can walk
 * into a map that itself came from `${file()}` without a false cycle; `locating` and `active` catch
 * the real cycles.
 */
class Resolver {
  readonly problems: ConfigProblem[] = [];
  private readonly resolved = new Map<CfgValue, CfgValue>();
  private readonly active = new Set<CfgValue>();
  private readonly located = new Map<CfgScalar, Lookup>();
  private readonly locating = new Set<CfgScalar>();
  private readonly parsed = new Map<CfgScalar, Variable[] | undefined>();
  private readonly reportedFiles = new Set<string>();
  private readonly budget: Budget = { left: ALIAS_EXPANSION_LIMIT };
  /** null while provider.stage is being resolved for `${sls:stage}`. */
  private stageValue: string | null | undefined;

  constructor(
    private readonly file: Pick<ConfigFile, 'source' | 'value'>,
    private readonly opts: ResolveOptions,
  ) {}

  resolve(node: CfgValue, depth: number): CfgValue {
    const done = this.resolved.get(node);
    if (done) return done;
    this.active.add(node);
    let value: CfgValue = node;
    if (node.kind === 'map') {
      const entries = node.entries.map((e) => ({ ...e, value: this.resolve(e.value, depth) }));
      if (entries.some((e, i) => e.value !== node.entries[i].value)) value = { ...node, entries };
    } else if (node.kind === 'seq') {
      const items = node.items.map((item) => this.resolve(item, depth));
      if (items.some((item, i) => item !== node.items[i])) value = { ...node, items };
    } else if (node.kind === 'scalar') {
      value = this.resolveScalar(node, depth);
    }
    this.active.delete(node);
    this.resolved.set(node, value);
    return value;
  }

  /** `${sls:stage}`; undefined when provider.stage depends on it. */
  stage(): string | undefined {
    if (this.opts.stage) return this.opts.stage;
    if (this.stageValue !== undefined) return this.stageValue ?? undefined;
    this.stageValue = null;
    const found = this.self('provider.stage', 0);
    let stage: string | undefined = found.kind === 'error' ? undefined : 'dev';
    if (found.kind === 'found') {
      if (found.raw && this.active.has(found.value)) stage = undefined;
      else {
        const value = found.raw ? this.resolve(found.value, 1) : found.value;
        if (value.kind === 'scalar' && value.value) stage = String(value.value);
      }
    }
    this.stageValue = stage ?? 'dev';
    return stage;
  }

  private resolveScalar(node: CfgScalar, depth: number): CfgValue {
    if (typeof node.value !== 'string') return node;
    const vars = this.variables(node);
    if (!vars) return unknownAt(node, 'malformed variable');
    if (vars.length === 0) return node;
    if (isWhole(node.value, vars)) return this.materialize(node, vars[0], this.locate(node, vars[0], depth), depth);
    let text = '';
    let last = 0;
    for (const v of vars) {
      const part = this.stringOf(node, v, depth);
      if (typeof part !== 'string') return unknownAt(node, part.reason);
      text += node.value.slice(last, v.start) + part;
      last = v.end;
      if (this.tooLong(node, text)) return unknownAt(node, pastLimit.stringLength());
    }
    return { ...node, value: text + node.value.slice(last), interpolated: true };
  }

  /** The variables of a string scalar; undefined (reported once) when malformed. */
  private variables(node: CfgScalar): Variable[] | undefined {
    if (this.parsed.has(node)) return this.parsed.get(node);
    let vars: Variable[] | undefined;
    try {
      vars = parseVariables(String(node.value));
    } catch (e) {
      if (!(e instanceof VariableSyntaxError)) throw e;
      this.problems.push({ span: node.span, message: `malformed variable in ${JSON.stringify(node.value)}: ${e.message}` });
    }
    this.parsed.set(node, vars);
    return vars;
  }

  /** Follows a scalar that is exactly `v` to what it names (memoised per scalar). */
  private locate(host: CfgScalar, v: Variable, depth: number): Lookup {
    const memo = this.located.get(host);
    if (memo) return memo;
    if (this.locating.has(host)) return { kind: 'error', reason: 'circular reference' };
    this.locating.add(host);
    const found = this.evaluate(host, v, depth + 1);
    this.locating.delete(host);
    this.located.set(host, found);
    return found;
  }

  /** Tries the sources of `v` in order; reports failures itself, so it returns found or unknown. */
  private evaluate(host: CfgScalar, v: Variable, depth: number): Lookup {
    if (depth > MAX_DEPTH) return this.fail(host, v, `variables nest deeper than ${MAX_DEPTH} levels`);
    let unknown: Extract<Lookup, { kind: 'unknown' }> | undefined;
    let missing: Extract<Lookup, { kind: 'missing' }> | undefined;
    for (const source of v.sources) {
      const r = 'literal' in source ? this.found(host, v, source.literal) : this.source(host, v, source, depth);
      if (r.kind === 'found') return { ...r, via: [this.varSpan(host, v), ...r.via] };
      if (r.kind === 'error') return this.fail(host, v, r.reason);
      if (r.kind === 'unknown') unknown ??= r;
      else missing = r;
    }
    if (unknown !== undefined) return unknown;
    // A file a clone is not meant to have (gitignored, or a secrets file beside its committed example): a note only.
    if (missing?.report && missing.expected)
      this.report(host, v, `${missing.reason} (${missing.expected}; values read from it are unknown)`, 'note', missing.reason);
    else if (missing?.report) this.report(host, v, missing.reason, 'missing-file');
    return { kind: 'unknown', reason: missing?.reason ?? 'no value' };
  }

  private source(host: CfgScalar, v: Variable, source: Exclude<VariableSource, { literal: Literal }>, depth: number): Lookup {
    const params: Literal[] = [];
    for (const p of source.params ?? []) {
      const value = this.operand(host, p, depth);
      if (isFailure(value)) return value;
      params.push(value);
    }
    const address = source.address && this.operand(host, source.address, depth);
    if (isFailure(address)) return address;
    const addr = address === undefined || address === null || address === '' ? undefined : String(address);
    switch (source.type) {
      case 'self':
        return this.self(addr, depth);
      case 'file':
        return this.fileSource(host, v, params[0], addr, depth);
      case 'env': {
        if (!addr) return { kind: 'error', reason: 'env: needs a variable name' };
        const value = this.opts.env[addr];
        return value ? this.found(host, v, value) : { kind: 'unknown', reason: `env:${addr} is not set` };
      }
      case 'opt': {
        const value = addr === 'stage' ? this.opts.stage : addr === 'region' ? this.opts.region : undefined;
        return value ? this.found(host, v, value) : { kind: 'unknown', reason: `opt:${addr ?? ''} is not given on the command line` };
      }
      case 'sls':
        return this.sls(host, v, addr);
      case 'strToBool':
        return this.strToBool(host, v, params[0]);
      default:
        if (!DEPLOY_TIME_SOURCES.has(source.type)) return { kind: 'unknown', reason: `${source.type}: is not a built-in variable source` };
        return {
          kind: 'unknown',
          reason: `${source.type}: is resolved at deploy time`,
          ...(addr !== undefined && { deployTime: { source: source.type, address: addr } }),
        };
    }
  }

  private self(address: string | undefined, depth: number): Lookup {
    const root: Found = { kind: 'found', value: this.file.value, raw: true, via: [] };
    return this.walk(root, address ? address.split('.') : [], `self:${address ?? ''}`, depth);
  }

  private sls(host: CfgScalar, v: Variable, address: string | undefined): Lookup {
    if (address === 'instanceId') return { kind: 'unknown', reason: 'sls:instanceId changes with every run' };
    if (address !== 'stage') return { kind: 'error', reason: `sls:${address ?? ''} is not a supported address` };
    const stage = this.stage();
    return stage === undefined ? { kind: 'error', reason: 'circular reference' } : this.found(host, v, stage);
  }

  private strToBool(host: CfgScalar, v: Variable, input: Literal | undefined): Lookup {
    const text = input === null || input === undefined ? undefined : String(input).trim().toLowerCase();
    if (text === 'true' || text === '1') return this.found(host, v, true);
    if (text === 'false' || text === '0') return this.found(host, v, false);
    return { kind: 'error', reason: `strToBool input ${JSON.stringify(input ?? null)} is not true, false, 0 or 1` };
  }

  /** `${file(path):address}`: YAML/JSON files are loaded and resolved; scripts are never run. */
  private fileSource(host: CfgScalar, v: Variable, param: Literal | undefined, address: string | undefined, depth: number): Lookup {
    if (param === null || param === undefined || param === '') return { kind: 'error', reason: 'file() needs a path' };
    const rel = String(param);
    const abs = fromServiceOrRoot(this.opts.fs, this.opts.serviceDir, this.opts.repoRoot, rel, mayDeployFromRoot(this.file.value));
    const { fs, repoRoot } = this.opts;
    // Beyond the root (or linked there) nothing is read: the value is unknown, the service not fully analysed.
    const real = fs.realPath(abs);
    if (!isInside(repoRoot, abs) || (real !== abs && !isInside(fs.realPath(repoRoot), real))) {
      const reason = `file(${rel}) lies outside the repository root and is not read (--root sets the root)`;
      this.problems.push({ span: this.varSpan(host, v), message: reason, kind: 'limit' });
      return { kind: 'unknown', reason };
    }
    const ext = path.extname(abs);
    if (SCRIPT_EXTENSIONS.has(ext)) return { kind: 'unknown', reason: `file(${rel}) needs running ${ext} code` };
    let root: CfgValue;
    if (DATA_EXTENSIONS.has(ext)) {
      const loaded = this.opts.files.load(abs);
      if (!loaded) return this.unread(host, v, abs, rel);
      this.reportFileErrors(loaded);
      root = loaded.value;
    } else {
      // The framework reads any other file as plain text.
      const text = this.opts.fs.read(abs);
      if (text === undefined) return this.unread(host, v, abs, rel);
      root = { kind: 'scalar', value: text, span: { file: abs, start: 0, end: text.length } };
    }
    const keys = address ? address.split('.') : [];
    return this.walk({ kind: 'found', value: root, raw: true, via: [] }, keys, `${address} in ${rel}`, depth);
  }

  /**
   * A `${file()}` target that gave no text: missing (the next fallback answers; expected when git
   * ignores it or a committed template stands beside it), past the file size limit (unknown, and the
   * service not fully analysed), or not readable (an error naming why).
   */
  private unread(host: CfgScalar, v: Variable, abs: string, rel: string): Lookup {
    const problem = this.opts.fs.readProblem(abs) ?? { kind: 'missing' };
    if (problem.kind === 'missing') {
      const example = exampleOf(this.opts.fs, abs);
      const expected = gitIgnored(this.opts.fs, this.opts.repoRoot, abs)
        ? 'git ignores it, so a clone never has it'
        : example && `${path.basename(example)} beside it is its committed template`;
      return { kind: 'missing', reason: `${rel} does not exist`, report: true, ...(expected && { expected }) };
    }
    const reason = describeReadProblem(rel, problem);
    if (problem.kind !== 'too-large') return { kind: 'error', reason };
    this.problems.push({ span: this.varSpan(host, v), message: reason, kind: 'limit' });
    return { kind: 'unknown', reason };
  }

  private reportFileErrors(loaded: ConfigFile): void {
    const file = loaded.source.path;
    if (file === this.file.source.path || this.reportedFiles.has(file)) return;
    this.reportedFiles.add(file);
    this.problems.push(...loaded.errors, ...loaded.notes);
  }

  /** Follows map keys and list indices, locating single-variable scalars on the way. */
  private walk(start: Found, keys: string[], label: string, depth: number): Lookup {
    let at = this.settle(start, depth);
    for (const key of keys) {
      if (at.kind !== 'found') return at;
      const child = childOf(at.value, key);
      if (!child) return { kind: 'missing', reason: `${label} does not exist` };
      at = this.settle({ ...at, value: child }, depth);
    }
    // As in the framework, a null value counts as absent and lets the next fallback answer.
    if (at.kind === 'found' && at.value.kind === 'scalar' && at.value.value === null) {
      return { kind: 'missing', reason: `${label} is null` };
    }
    return at;
  }

  private settle(at: Found, depth: number): Lookup {
    const value = at.value;
    if (value.kind === 'unknown') return { kind: 'unknown', reason: value.reason };
    if (!at.raw || value.kind !== 'scalar' || typeof value.value !== 'string') return at;
    const vars = this.variables(value);
    if (!vars) return { kind: 'unknown', reason: 'malformed variable' };
    if (!isWhole(value.value, vars)) return at;
    const target = this.locate(value, vars[0], depth);
    return target.kind === 'found' ? { ...target, via: [...at.via, ...target.via] } : target;
  }

  /** The value a located variable stands for, resolved, with its reference trail in `via`. */
  private materialize(host: CfgScalar, v: Variable, lookup: Lookup, depth: number): CfgValue {
    if (lookup.kind === 'error') return unknownAt(host, this.fail(host, v, lookup.reason).reason);
    if (lookup.kind !== 'found') return unknownAt(host, lookup.reason, lookup.kind === 'unknown' ? lookup.deployTime : undefined);
    let value = lookup.value;
    if (lookup.raw) {
      if (this.active.has(value)) return unknownAt(host, this.fail(host, v, 'circular reference').reason);
      value = this.resolve(value, depth + 1);
    }
    const copy = withVia(value, lookup.via, this.budget);
    if (copy) return copy;
    const reason = pastLimit.aliases('variables');
    this.problems.push({ span: host.span, message: reason, kind: 'limit' });
    return unknownAt(host, reason);
  }

  /** A variable embedded in text (or in another variable's param/address) as a string. */
  private stringOf(host: CfgScalar, v: Variable, depth: number): string | Failure {
    const value = this.materialize(host, v, this.evaluate(host, v, depth + 1), depth);
    if (value.kind === 'unknown') return { kind: 'unknown', reason: value.reason };
    if (value.kind === 'scalar' && value.value !== null) return String(value.value);
    const what = value.kind === 'map' ? 'a map' : value.kind === 'seq' ? 'a list' : 'null';
    return this.fail(host, v, `${what} cannot be embedded in a string`);
  }

  private operand(host: CfgScalar, op: Operand, depth: number): Literal | Failure {
    if ('literal' in op) return op.literal;
    const text = String(host.value);
    let out = '';
    let last = op.start;
    for (const v of op.variables) {
      const part = this.stringOf(host, v, depth);
      if (typeof part !== 'string') return { kind: 'unknown', reason: part.reason };
      out += text.slice(last, v.start) + part;
      last = v.end;
      if (this.tooLong(host, out)) return { kind: 'unknown', reason: pastLimit.stringLength() };
    }
    return out + text.slice(last, op.end);
  }

  /** Strings that double at each reference would exhaust memory: past the limit they are unknown. */
  private tooLong(host: CfgScalar, text: string): boolean {
    if (text.length <= STRING_LENGTH_LIMIT) return false;
    this.problems.push({ span: host.span, message: pastLimit.stringLength(), kind: 'limit' });
    return true;
  }

  /** A value that the variable itself produced (env, opt, sls, strToBool, a literal fallback). */
  private found(host: CfgScalar, v: Variable, value: Literal): Found {
    const scalar: CfgScalar = { kind: 'scalar', value, span: this.varSpan(host, v) };
    // The framework parses resolved strings again, so `${env:X}` holding `${…}` resolves further.
    return { kind: 'found', value: scalar, raw: typeof value === 'string' && value.includes('${'), via: [] };
  }

  private fail(host: CfgScalar, v: Variable, reason: string): Failure {
    this.report(host, v, reason);
    return { kind: 'unknown', reason };
  }

  private report(host: CfgScalar, v: Variable, reason: string, kind?: ConfigProblem['kind'], target = reason): void {
    const text = String(host.value).slice(v.start, v.end);
    this.problems.push({ span: this.varSpan(host, v), message: `cannot resolve ${text}: ${reason}`, ...(kind && { kind, target }) });
  }

  /**
   * The variable's own text in the source when it can be found there (quoting and folding may
   * change offsets, so the n-th occurrence of its text is searched), else the whole scalar.
   */
  private varSpan(host: CfgScalar, v: Variable): Span {
    const source = host.yaml && this.sourceText(host.span.file)?.slice(host.span.start, host.span.end);
    if (source === undefined) return host.span;
    const value = String(host.value);
    const text = value.slice(v.start, v.end);
    let at = -1;
    for (let i = value.indexOf(text); i >= 0 && i <= v.start; i = value.indexOf(text, i + 1)) {
      at = source.indexOf(text, at + 1);
      if (at < 0) return host.span;
    }
    return { file: host.span.file, start: host.span.start + at, end: host.span.start + at + text.length };
  }

  private sourceText(file: string): string | undefined {
    return file === this.file.source.path ? this.file.source.text : this.opts.files.load(file)?.source.text;
  }
}

function isWhole(text: string, vars: Variable[]): boolean {
  return vars.length === 1 && vars[0].start === 0 && vars[0].end === text.length;
}

function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

function childOf(value: CfgValue, key: string): CfgValue | undefined {
  if (value.kind === 'map') return get(value, key);
  if (value.kind === 'seq' && /^\d+$/.test(key)) return value.items[Number(key)];
  return undefined;
}

function unknownAt(node: CfgValue, reason: string, deployTime?: DeployTimeValue): CfgValue {
  return { kind: 'unknown', reason, span: node.span, yaml: node.yaml, via: node.via, ...(deployTime && { deployTime }) };
}
