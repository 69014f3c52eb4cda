// Preloaded with `node --import` before the built CLI: makes one rule crash, as a bug would.
import { rules } from '../../dist/rules/index.js';

rules.find((r) => r.meta.id === 'missing-allow-origin').check = () => {
  throw new Error('boom from a test');
};
