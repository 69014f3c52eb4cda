import { defineRule } from '../src/rule.js';

/** Parser messages end with a period; ours are one sentence without one. */
function sentence(message: string): string {
  return message.split('\n')[0].replace(/\.\s*$/, '');
}

export default defineRule({
  meta: {
    id: 'parse-error',
    description: 'Report configuration and handler files that cannot be parsed or resolved',
    severity: 'error',
    recommended: true,
    messages: {
      config: '{{message}}',
      handler: 'Handler of function {{fn}} does not parse: {{message}}',
      unreadable: 'Handler of function {{fn}}: {{message}}',
    },
  },
  check(ctx) {
    // Missing ${file()} targets are missing-file-reference findings; limits are not analysed, never errors.
    for (const p of ctx.project.problems) {
      if (p.kind !== 'missing-file' && p.kind !== 'limit') ctx.report({ messageId: 'config', data: { message: sentence(p.message) }, at: p.span });
    }
    for (const fn of ctx.project.functions) {
      const r = ctx.handler(fn);
      if (r.status === 'parse-error' || r.status === 'unreadable') {
        const messageId = r.status === 'parse-error' ? 'handler' : 'unreadable';
        ctx.report({ messageId, data: { fn: fn.name, message: sentence(r.message) }, at: r.span, functionName: fn.name });
      }
    }
  },
});
