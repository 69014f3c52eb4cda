import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLevel } from '../rule.js';
import { rules } from '../../rules/index.js';

/** The README's rule table, generated from rule metadata (`npm run docs:update`; tests fail when stale). */
export const START = '<!-- rules:start -->';
export const END = '<!-- rules:end -->';

/** The Default column is the level a run uses when no setting names the rule, in the settings' words. */
export function rulesTable(): string {
  const rows = rules.map((r) => {
    const m = r.meta;
    return `| [\`${m.id}\`](rules/${m.id}.md) | ${m.description} | \`${defaultLevel(m)}\` | ${m.fixable ? '🔧' : ''} |`;
  });
  return ['| Rule | Checks | Default | Fix |', '|---|---|---|---|', ...rows].join('\n');
}

/** The README text with the table between the markers replaced. */
export function withRulesTable(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md needs ${START} and ${END} markers`);
  return `${readme.slice(0, a + START.length)}\n${rulesTable()}\n${readme.slice(b)}`;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  const readmePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../README.md');
  const current = nodeFs.readFileSync(readmePath, 'utf8');
  const next = withRulesTable(current);
  if (process.argv.includes('--write')) {
    if (next !== current) nodeFs.writeFileSync(readmePath, next);
  } else if (next !== current) {
    process.stderr.write('README.md rule table is stale: run npm run docs:update\n');
    process.exitCode = 1;
  }
}
