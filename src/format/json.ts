import type { RunReport } from '../results.js';

/** ESLint's `json` formatter shape: an array of file results. */
export function formatJson(report: RunReport): string {
  return `${JSON.stringify(report.results)}\n`;
}
