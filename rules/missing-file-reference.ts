import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'missing-file-reference',
    description: 'Report ${file()} references to files that do not exist',
    severity: 'warning',
    recommended: true,
    messages: {
      missing: 'Create the file or fix the reference: {{message}}. Values read from it are unknown, so cors-lint does not check them.',
      missingMany:
        'Create the file or fix the references: {{message}} ({{count}} references). Values read from it are unknown, so cors-lint does not check them.',
    },
  },
  check(ctx) {
    for (const p of ctx.project.problems) {
      if (p.kind !== 'missing-file') continue;
      const many = (p.count ?? 1) > 1;
      ctx.report({ messageId: many ? 'missingMany' : 'missing', data: { message: p.message, count: p.count ?? 1 }, at: p.span });
    }
  },
});
