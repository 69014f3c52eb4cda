import type { EventDef } from '../model/types.js';

/** How messages list things: "a", "a and b", "a, b and c". */
export function joinWords(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** How messages name the events one finding covers: "function getA (GET /a)", then " and 2 more routes". */
export function describeRoutes(events: Pick<EventDef, 'fn' | 'route'>[]): string {
  const [first, ...others] = events;
  const head = `function ${first.fn.name} (${first.route})`;
  return others.length === 0 ? head : `${head} and ${others.length} more route${others.length > 1 ? 's' : ''}`;
}
