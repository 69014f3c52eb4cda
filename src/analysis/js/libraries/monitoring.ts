import type { LibraryModel } from './model.js';

/**
 * Error-monitoring wrappers (docs/cors-semantics.md#monitoring-wrappers): each records the
 * invocation and then returns the handler's result unchanged and re-throws its error, so the
 * wrapped handler is the handler, its failures included. Checked against the published source of
 * the versions the doc names; the wrapper is the call's first argument.
 */
const WRAPPERS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  '@sentry/serverless': [['AWSLambda', 'wrapHandler']],
  '@sentry/aws-serverless': [['wrapHandler']],
  'datadog-lambda-js': [['datadog']],
  epsagon: [['lambdaWrapper']],
};

/** `require('@lumigo/tracer')({ token })` makes a tracer whose `trace(handler)` is the wrapper. */
const LUMIGO = '@lumigo/tracer';

export const monitoringModel: LibraryModel = {
  name: 'monitoring',
  packages: [...Object.keys(WRAPPERS), LUMIGO],

  call({ specifier, path, args }, ctx) {
    if (specifier === LUMIGO) return path.length === 0 ? ctx.create('monitoring', 'lumigo-tracer') : undefined;
    const wraps = WRAPPERS[specifier].some((p) => p.length === path.length && p.every((name, i) => path[i] === name));
    return wraps ? args[0] : undefined;
  },

  method(target, name, { args }) {
    return target.type === 'lumigo-tracer' && name === 'trace' ? args[0] : undefined;
  },
};
