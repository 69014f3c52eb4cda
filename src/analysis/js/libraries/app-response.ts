import { headerEntries, type HeaderBag, type HeaderEntry } from '../../facts.js';

/**
 * The headers an app's responses have in common, as one bag: a header every send carries with one
 * value is always there; one some sends lack, or that differs between them, is there on some
 * paths (present with the value of the first send that has it, or unknown when they differ).
 */
export function joinBags(bags: HeaderBag[]): HeaderBag {
  const entries = headerEntries();
  const keys = new Set(bags.flatMap((b) => Object.keys(b.entries)));
  for (const key of keys) {
    const found = bags.map((b) => (Object.hasOwn(b.entries, key) ? b.entries[key] : undefined));
    const present = found.filter((e): e is HeaderEntry => e !== undefined);
    const [first] = present;
    const same = present.every((e) => JSON.stringify(e.value) === JSON.stringify(first.value));
    const always = present.length === bags.length && present.every((e) => e.always);
    entries[key] = { ...first, value: same ? first.value : { kind: 'unknown' }, always: always && same };
  }
  return { entries, open: bags.some((b) => b.open) };
}
