/**
 * A function's `handler:` string split the way the AWS Lambda Node.js runtime splits it
 * (aws/aws-lambda-nodejs-runtime-interface-client `UserFunction`): the directory part is kept,
 * the last path segment is cut at its FIRST dot into the module name and a dotted property path.
 * `src/api.hello` is export `hello` of module `src/api`; `index.handlers.hello` is property
 * `hello` of export `handlers` of module `index`; `handler.default` is the default export.
 * (Some bundler plugins cut at the last dot instead, but a module name with a dot in it does not
 * load on AWS, so the runtime's reading is the one that matters.)
 */
export interface HandlerRef {
  /** Module path without extension, relative to the service directory: `src/api`. */
  base: string;
  /** The export looked up in the module: `hello`, `default`. */
  exportName: string;
  /** Properties read from the export after that (usually empty): `index.a.b` → `['b']`. */
  memberPath: string[];
}

/** Undefined when the string has no `module.export` shape. */
export function parseHandlerRef(handler: string): HandlerRef | undefined {
  const slash = handler.lastIndexOf('/');
  const dir = handler.slice(0, slash + 1);
  const [module, exportName, ...memberPath] = handler.slice(slash + 1).split('.');
  if (!module || !exportName || memberPath.some((p) => p === '')) return undefined;
  return { base: dir + module, exportName, memberPath };
}

/**
 * A Python `handler:` string split the way the Lambda Python runtime does
 * (aws/aws-lambda-python-runtime-interface-client `_get_handler`): at the LAST dot into module and
 * function, the module imported by its dotted name with `/` read as `.`. So `src/api.hello` and
 * `src.api.hello` are both function `hello` of `src/api.py`. Undefined without that shape.
 */
export function parsePythonHandlerRef(handler: string): HandlerRef | undefined {
  const dot = handler.lastIndexOf('.');
  const module = handler.slice(0, dot).replace(/\./g, '/');
  const exportName = handler.slice(dot + 1);
  if (dot === -1 || !exportName || exportName.includes('/') || module.split('/').some((p) => p === '')) return undefined;
  return { base: module, exportName, memberPath: [] };
}

/** The files a Python module path (without extension) may be: a module, else a package's `__init__.py`. */
export function pythonModuleFiles(base: string): string[] {
  return [base + PYTHON_HANDLER_EXTENSION, `${base}/__init__${PYTHON_HANDLER_EXTENSION}`];
}

/**
 * Source extensions tried for a Node handler, in order. TypeScript comes first: when `api.ts`
 * and `api.js` sit side by side the `.js` is normally compiled output, and bundler plugins
 * (serverless-esbuild, -plugin-typescript, -webpack) build from the `.ts`.
 */
export const NODE_HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;

const PYTHON_HANDLER_EXTENSION = '.py';

export type RuntimeFamily = 'node' | 'python' | 'other';

/** An absent runtime is the framework's default, Node. */
export function runtimeFamily(runtime: string | undefined): RuntimeFamily {
  if (runtime === undefined || runtime.startsWith('nodejs')) return 'node';
  if (runtime.startsWith('python')) return 'python';
  return 'other';
}
