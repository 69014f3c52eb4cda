import * as path from 'node:path';
import type { ESLint, Rule, SourceCode } from 'eslint';
import { createHandlerAnalyzer } from '../analysis/index.js';
import { parserMissing, withParser } from '../analysis/parsers/index.js';
import type { Diagnostic } from '../diagnostic.js';
import { findRepoRoot } from '../discover.js';
import { confinedFileSystem, diskFileSystem, overlayFileSystem } from '../fs.js';
import { lintService } from '../lint.js';
import { packageInfo, ruleDocsUrl } from '../package-info.js';
import { rules as allRules } from '../../rules/index.js';

/**
 * cors-lint inside ESLint, for editors: the handler-side rules that hold whatever the serverless
 * config says, run on the file being edited (its unsaved text). Every export of the file is linted
 * as the handler of a lambda-proxy REST route and, separately, of an HTTP API route, by the same
 * engine and rules as the CLI; only findings that both runs give are reported, so nothing depends on
 * the event type the real config has (which the editor does not know).
 */
export const BRIDGED_RULES = ['wildcard-origin-with-credentials', 'reflected-origin', 'missing-vary-origin', 'origin-header-case'] as const;

const LINTABLE = /\.[cm]?[jt]sx?$/;

/** What a message says instead of a route: the editor knows none. */
const ANY_ROUTE = 'any route';

/**
 * typescript-estree, typescript-eslint's parser, installed with @typescript-eslint/parser (and
 * loaded already where ESLint parses TypeScript); oxc-parser where it is not (JavaScript linted by espree).
 */
const BRIDGE_PARSER = parserMissing('typescript-estree') ? 'oxc' : 'typescript-estree';

/** Findings per source text: ESLint runs each rule separately, the engine runs once for all four. */
const cache = new WeakMap<SourceCode, Diagnostic[]>();

function findings(filename: string, sourceCode: SourceCode): Diagnostic[] {
  let found = cache.get(sourceCode);
  if (!found) {
    found = LINTABLE.test(filename) && path.isAbsolute(filename) ? withParser(BRIDGE_PARSER, () => lintAsHandler(filename, sourceCode.text)) : [];
    cache.set(sourceCode, found);
  }
  return found;
}

function lintAsHandler(file: string, text: string): Diagnostic[] {
  const dir = path.dirname(file);
  const repoRoot = findRepoRoot(diskFileSystem, dir);
  const config = path.join(dir, 'serverless.json');
  const withText = (configText: string) =>
    overlayFileSystem(
      diskFileSystem,
      new Map([
        [file, text],
        [config, configText],
      ]),
    );
  const names = createHandlerAnalyzer(confinedFileSystem(withText('{}'), repoRoot), repoRoot).exportNames(file);
  if (names.length === 0) return [];
  const base = path.basename(file).replace(LINTABLE, '');
  const run = (event: (name: string) => object) => {
    const functions = Object.fromEntries(names.map((name) => [name, { handler: `${base}.${name}`, events: [event(name)] }]));
    const configText = JSON.stringify({ service: 'editor', provider: { name: 'aws', runtime: 'nodejs20.x' }, functions });
    const lint = lintService(config, { fs: withText(configText), ruleSet: allRules, repoRoot, only: [...BRIDGED_RULES] });
    return lint.diagnostics.filter((d) => d.span.file === file);
  };
  const rest = run((name) => ({ http: { path: `eslint/${name}`, method: 'any' } }));
  const httpApi = run((name) => ({ httpApi: { path: `/eslint/${name}`, method: '*' } }));
  const key = (d: Diagnostic) => `${d.ruleId}\0${d.span.start}\0${d.span.end}`;
  const inBoth = new Set(httpApi.map(key));
  return rest.filter((d) => inBoth.has(key(d)));
}

/** A fix of the edited file only (the engine may also fix other files, which ESLint cannot). */
function fixer(fix: Diagnostic['fix'], file: string): Rule.ReportFixer | undefined {
  if (!fix || fix.edits.some((e) => e.file !== file)) return undefined;
  return (f) => fix.edits.map((e) => f.replaceTextRange([e.start, e.end], e.text));
}

function bridge(id: (typeof BRIDGED_RULES)[number]): Rule.RuleModule {
  const rule = allRules.find((r) => r.meta.id === id)!;
  return {
    meta: {
      type: 'problem',
      docs: { description: rule.meta.description, url: ruleDocsUrl(id) },
      messages: rule.meta.messages,
      schema: [],
      ...(rule.meta.fixable && { fixable: 'code' as const }),
      ...(rule.meta.hasSuggestions && { hasSuggestions: true }),
    },
    create(context) {
      return {
        'Program:exit'() {
          const { sourceCode, filename } = context;
          for (const d of findings(filename, sourceCode)) {
            if (d.ruleId !== id) continue;
            const fix = fixer(d.fix, filename);
            const suggest = (d.suggestions ?? []).flatMap((s) => {
              const f = fixer(s, filename);
              return f ? [{ desc: s.description, fix: f }] : [];
            });
            context.report({
              loc: { start: sourceCode.getLocFromIndex(d.span.start), end: sourceCode.getLocFromIndex(d.span.end) },
              messageId: d.messageId,
              data: { ...d.data, route: ANY_ROUTE },
              ...(fix && { fix }),
              ...(suggest.length > 0 && { suggest }),
            });
          }
        },
      };
    },
  };
}

const rules = Object.fromEntries(BRIDGED_RULES.map((id) => [id, bridge(id)]));

const plugin: ESLint.Plugin & { configs: Record<string, unknown> } = {
  meta: { name: 'cors-lint', version: packageInfo().version },
  rules,
  configs: {},
};

/** Flat config: `import corsLint from 'cors-lint/eslint-plugin'; export default [corsLint.configs.recommended];` */
plugin.configs.recommended = {
  plugins: { 'cors-lint': plugin },
  rules: Object.fromEntries(
    BRIDGED_RULES.map((id) => [`cors-lint/${id}`, allRules.find((r) => r.meta.id === id)!.meta.severity === 'error' ? 'error' : 'warn']),
  ),
};

export default plugin;
