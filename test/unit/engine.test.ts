import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from '../../src/fs.js';
import { lintService } from '../../src/lint.js';
import { defineRule, type Rule } from '../../src/rule.js';
import { rules } from '../../rules/index.js';

/** The engine runs the rules its caller registers, and holds each to what its meta declares. */
const files = {
  '/r/serverless.yml': 'service: s\nprovider:\n  name: aws\nfunctions:\n  api:\n    handler: handler.main\n    events:\n      - http: GET /a\n',
  '/r/handler.js': "exports.main = async () => ({ statusCode: 200, body: '' });\n",
};

/** A rule that reports once per function, at its name, with what `extra` adds. */
function perFunction(id: string, extra: object = {}, meta: object = {}): Rule {
  return defineRule({
    meta: { id, description: 'A test rule', severity: 'warning', recommended: true, messages: { found: 'Check function {{fn}}' }, ...meta },
    check(ctx) {
      for (const fn of ctx.project.functions) ctx.report({ messageId: 'found', data: { fn: fn.name }, at: fn.nameSpan, ...extra });
    },
  });
}

function lint(ruleSet: readonly Rule[]) {
  return lintService('/r/serverless.yml', { fs: memoryFileSystem(files), repoRoot: '/r', ruleSet });
}

describe('the rule set', () => {
  it('is the caller’s: a rule of its own runs, the built-in rules left out do not', () => {
    const lint1 = lint([perFunction('own-rule')]);
    expect(lint1.diagnostics.map((d) => `${d.ruleId}: ${d.message}`)).toEqual(['own-rule: Check function api']);
  });

  it('decides which rule names directives may use', () => {
    const withDirective = { ...files, '/r/serverless.yml': `# cors-lint-disable own-rule\n${files['/r/serverless.yml']}` };
    const lint1 = lintService('/r/serverless.yml', { fs: memoryFileSystem(withDirective), repoRoot: '/r', ruleSet: [...rules, perFunction('own-rule')] });
    expect(lint1.diagnostics.map((d) => d.ruleId)).not.toContain('own-rule');
    expect(lint1.diagnostics.filter((d) => d.messageId === 'unknownRule')).toEqual([]);
  });
});

describe('meta', () => {
  const edit = () => [{ file: '/r/serverless.yml', start: 0, end: 0, text: '' }];

  it('a fix from a rule not marked fixable is an internal error of that rule', () => {
    const r = lint([perFunction('fixes', { fix: edit })]);
    expect(r.internalErrors.map((e) => (e.error as Error).message)).toEqual(['rule fixes reported a fix but is not marked fixable']);
    expect(r.diagnostics).toEqual([]);
  });

  it('a suggestion from a rule not marked hasSuggestions is an internal error of that rule', () => {
    const r = lint([perFunction('suggests', { suggest: [{ desc: 'Do it', fix: edit }] })]);
    expect(r.internalErrors.map((e) => (e.error as Error).message)).toEqual(['rule suggests reported a suggestion but is not marked hasSuggestions']);
    const marked = lint([perFunction('suggests', { suggest: [{ desc: 'Do it', fix: edit }] }, { hasSuggestions: true })]);
    expect(marked.internalErrors).toEqual([]);
    expect(marked.diagnostics).toHaveLength(1);
  });
});
