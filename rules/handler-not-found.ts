import * as path from 'node:path';
import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'handler-not-found',
    description: 'Report Node.js and Python functions whose handler file or export cannot be found',
    severity: 'warning',
    recommended: true,
    messages: {
      noFile: 'Fix handler {{handler}} of function {{fn}}: no such file. Tried {{tried}}.',
      noExport: 'Fix handler {{handler}} of function {{fn}}: {{file}} has no export named {{export}}.',
      outsideRoot: 'Keep handler {{handler}} of function {{fn}} inside the repository. It points outside the repository root, which cors-lint does not read.',
    },
  },
  check(ctx) {
    for (const fn of ctx.project.functions) {
      if (!fn.handlerSpan) continue;
      const r = ctx.handler(fn);
      const base = { at: fn.handlerSpan, functionName: fn.name };
      const data = { fn: fn.name, handler: fn.handler ?? '' };
      if (r.status === 'not-found' && r.missingExport) {
        ctx.report({
          ...base,
          messageId: 'noExport',
          data: { ...data, file: path.relative(ctx.project.serviceDir, r.missingExport.file), export: r.missingExport.exportName },
        });
      } else if (r.status === 'not-found') {
        ctx.report({ ...base, messageId: 'noFile', data: { ...data, tried: r.tried.join(', ') } });
      } else if (r.status === 'outside-root') {
        ctx.report({ ...base, messageId: 'outsideRoot', data });
      }
    }
  },
});
