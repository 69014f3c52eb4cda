import * as path from 'node:path';
import type { HttpEvent } from '../model/types.js';
import type { RuleContext } from '../rule.js';

/**
 * The DEFAULT_4XX response types a service's protected events can produce. Every authorizer and
 * API key can answer 401 UNAUTHORIZED; a 403 ACCESS_DENIED comes from an authorizer's Deny
 * policy (or from IAM, Cognito scopes, an API key). An authorizer that only ever allows or
 * throws `Unauthorized` cannot produce ACCESS_DENIED, so a gateway response for UNAUTHORIZED
 * alone covers it. That is decided only for Lambda authorizers of this service whose code is read:
 * anything else may deny.
 */
export function rejectionTypes(ctx: Pick<RuleContext, 'project' | 'handler' | 'source'>, events: HttpEvent[]): string[] {
  const mayDeny = events.some((e) => {
    const name = e.authorizer?.kind === 'lambda' ? e.authorizer.functionName : undefined;
    const fn = name === undefined ? undefined : ctx.project.functions.find((f) => f.name === name);
    return !fn || authorizerMayDeny(ctx, ctx.handler(fn));
  });
  return mayDeny ? ['UNAUTHORIZED', 'ACCESS_DENIED'] : ['UNAUTHORIZED'];
}

/** Files of the authorizer's own code read at most (its module and the project modules it imports). */
const MAX_FILES = 25;

/**
 * Whether an authorizer's code may return a Deny policy: it builds its policies itself (the text
 * `Allow` appears in its code) and `Deny` appears nowhere in it or in the project modules it
 * imports. A policy built by a package, or code that cannot be read, may deny.
 */
function authorizerMayDeny(ctx: Pick<RuleContext, 'source'>, result: ReturnType<RuleContext['handler']>): boolean {
  if (result.status !== 'analysed') return true;
  const seen = new Set<string>();
  const queue = [result.facts.file];
  let allows = false;
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    if (seen.size >= MAX_FILES) return true;
    seen.add(file);
    const text = ctx.source(file)?.text;
    if (text === undefined) return true;
    if (/deny/i.test(text)) return true;
    allows ||= /\bAllow\b/.test(text);
    for (const spec of localImports(text, file.endsWith('.py'))) {
      const found = resolveLocal(ctx, path.dirname(file), spec, file.endsWith('.py'));
      if (found) queue.push(found);
    }
  }
  return !allows;
}

/** Relative module specifiers: `./x` in JavaScript, sibling module names in Python. */
function localImports(text: string, python: boolean): string[] {
  const out: string[] = [];
  if (python) {
    for (const m of text.matchAll(/^\s*(?:from\s+(\.*[\w.]+)\s+import|import\s+([\w.]+))/gm)) out.push(m[1] ?? m[2]);
  } else {
    for (const m of text.matchAll(/(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) out.push(m[1]);
  }
  return out;
}

const JS_CANDIDATES = ['', '.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'];

function resolveLocal(ctx: Pick<RuleContext, 'source'>, dir: string, spec: string, python: boolean): string | undefined {
  const exists = (f: string) => ctx.source(f) !== undefined;
  if (python) {
    const file = path.join(dir, `${spec.replace(/^\.+/, '').replace(/\./g, '/')}.py`);
    return exists(file) ? file : undefined;
  }
  const base = path.join(dir, spec.replace(/\.(c|m)?js$/, ''));
  for (const ext of JS_CANDIDATES) if (exists(base + ext)) return base + ext;
  return undefined;
}
