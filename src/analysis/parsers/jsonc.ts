import type * as JsoncParser from 'jsonc-parser';
import { lazy } from '../../lazy.js';

const jsonc = lazy<typeof JsoncParser>('jsonc-parser');

/**
 * JSON with comments and trailing commas, as TypeScript reads tsconfig.json (a BOM is skipped, an
 * empty file is an empty object); undefined when it does not parse. jsonc-parser is VS Code's.
 */
export function parseJsonc(text: string): unknown {
  const body = text.replace(/^\ufeff/, '');
  if (body.trim() === '') return {};
  const errors: JsoncParser.ParseError[] = [];
  const value: unknown = jsonc().parse(body, errors, { allowTrailingComma: true });
  return errors.length === 0 ? value : undefined;
}
