import * as path from 'node:path';
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
      config: 'Fix the configuration: {{message}}',
      handler: 'Fix the syntax of handler file {{file}}: {{message}}.',
      unreadable: 'Check the handler file of function {{fn}}: {{message}}.',
    },
  },
  check(ctx) {
    // Missing ${file()} targets are missing-file-reference findings; notes are for --verbose; limits are not analysed, never errors.
    for (const p of ctx.project.problems) {
      if (p.kind === undefined || p.kind === 'not-utf8') ctx.report({ messageId: 'config', data: { message: sentence(p.message) }, at: p.span });
    }
    for (const fn of ctx.project.functions) {
      const r = ctx.handler(fn);
      if (r.status === 'parse-error') {
        // One finding per file, listing the functions it serves (mergeSites).
        const file = path.relative(ctx.project.serviceDir, r.span.file);
        ctx.report({ messageId: 'handler', data: { fn: fn.name, file, message: sentence(r.message) }, at: r.span, functionName: fn.name });
      } else if (r.status === 'unreadable') {
        ctx.report({ messageId: 'unreadable', data: { fn: fn.name, message: sentence(r.message) }, at: r.span, functionName: fn.name });
      }
    }
  },
});
