import type { Diagnostic } from './diagnostic.js';

/**
 * One service linted at several stages (`--stage dev --stage prod`): a finding of every stage is
 * reported once as it is; one that only some stages have (a per-stage origin, a function that
 * exists in one stage) is reported once per distinct finding, saying which stages have it.
 */
export function mergeStages(perStage: { stage: string; diagnostics: Diagnostic[] }[]): Diagnostic[] {
  const found = new Map<string, { diagnostic: Diagnostic; stages: string[] }>();
  for (const { stage, diagnostics } of perStage) {
    for (const d of diagnostics) {
      const key = `${d.ruleId}\0${d.span.file}\0${d.span.start}\0${d.span.end}\0${d.message}`;
      const entry = found.get(key) ?? { diagnostic: d, stages: [] };
      entry.stages.push(stage);
      found.set(key, entry);
    }
  }
  return [...found.values()].map(({ diagnostic, stages }) =>
    stages.length === perStage.length
      ? diagnostic
      : { ...diagnostic, message: `${diagnostic.message} (stage${stages.length > 1 ? 's' : ''} ${stages.join(', ')})`, stages },
  );
}
