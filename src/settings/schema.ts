import { rules } from '../../rules/index.js';

/** Rule levels, as in ESLint. */
export const LEVELS = ['off', 'warn', 'error'] as const;

const stringList = (description: string) => ({ type: 'array', description, items: { type: 'string', pattern: '\\S' } });

const ruleLevels = {
  type: 'object',
  description: 'Rule levels: off, warn or error.',
  propertyNames: { enum: rules.map((r) => r.meta.id) },
  additionalProperties: { enum: [...LEVELS] },
};

/**
 * The JSON schema of cors-lint settings (`.cors-lint.json`, `.cors-lint.yaml`, `custom.corsLint`),
 * generated from the rules so their ids are validated. `schema/cors-lint.schema.json` holds it
 * (`npm run docs:update` rewrites it; a test fails when it is stale) and the build compiles it.
 * Keywords are limited to those ajv compiles to self-contained code (no `minLength`, no formats).
 */
export function settingsSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'cors-lint settings',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: ruleLevels,
      ignores: stringList('Globs (relative to this file, or to the service for custom.corsLint) of services and files not to lint.'),
      overrides: {
        type: 'array',
        description: 'Rule levels for some files, functions or services; a later match wins. Without a selector an override applies everywhere.',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: {
            files: stringList('Globs of the files whose findings it applies to (relative like ignores).'),
            functions: stringList('Names of the functions whose findings it applies to.'),
            services: stringList('Names (`service:`) of the services it applies to.'),
            rules: ruleLevels,
          },
        },
      },
      notBrowserFacing: {
        type: 'object',
        description: 'Functions and services no browser calls: cors-lint leaves them out (no finding about them).',
        additionalProperties: false,
        properties: {
          services: stringList('Service names (`service:`).'),
          functions: stringList('Function names (keys of `functions:`).'),
        },
      },
      allowedOrigins: {
        type: 'object',
        description: 'Per stage, the origins browsers call from: fixes that must name an origin use them.',
        propertyNames: { pattern: '^[^\\s]+$' },
        additionalProperties: {
          type: 'array',
          items: { type: 'string', pattern: '^[a-z][a-z0-9+.-]*://[^/\\s*]+$' },
        },
      },
    },
  };
}
