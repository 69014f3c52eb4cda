#!/usr/bin/env node
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from './did-you-mean.js';
import { escapeText } from './format/escape.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: cors-lint [options] [paths...]

Lints the CORS setup of Serverless Framework services: serverless.yml/.yaml/.json (or .ts/.js,
read without running them) and the Lambda handlers they point at. A path is a config file, a
serverless-compose file, a folder searched recursively for services, or any file or folder of a
service, which lints that service (default: .).

Options:
  --fix                 apply safe fixes and write the changed files (all or none)
  --fix-dry-run         compute the fixes without writing (stylish prints a diff, json an "output")
  -f, --format NAME     stylish (default), json, compact, sarif or github
  -o, --output-file PATH
                        write the report to PATH instead of stdout
  --color, --no-color   force or disable colours (default: only on a terminal,
                        honouring NO_COLOR and FORCE_COLOR)
  --stage NAME          the stage for \${sls:stage} and \${opt:stage} (repeatable: lint at each stage)
  --region NAME         the region for \${opt:region}
  --rule ID:LEVEL       set a rule to off, warn or error (repeatable; wins over settings files)
  -c, --config FILE     use this settings file instead of looking for .cors-lint.json/.yaml
  --no-config-lookup    ignore settings files and custom.corsLint
  --print-config PATH   print the settings that apply to PATH, and exit
  --eval-config         evaluate serverless.ts/.js configs that cannot be read statically (runs their code)
  --root DIR            the repository root: nothing outside it is read (default: the git top-level)
  --parser NAME         the JavaScript/TypeScript parser: oxc (default) or typescript-estree
  --no-inline-config    ignore cors-lint-disable/-enable comments
  --report-unused-disable-directives
                        report cors-lint-disable comments that silence nothing (as errors)
  --suppress-all        record every error in the suppressions file; later runs report only new ones
  --suppress-rule ID    record the errors of this rule only (repeatable)
  --suppressions-location FILE
                        the suppressions file (default: cors-lint-suppressions.json)
  --prune-suppressions  drop suppressions of errors that are gone
  --pass-on-unpruned-suppressions
                        do not fail when suppressions are left that no error uses
  --cache               lint again only the services whose files changed since the last --cache run
  --cache-location FILE the cache file (default: .cors-lint-cache)
  --max-warnings N      exit 1 when there are more than N warnings
  --quiet               report errors only
  --verbose             list the functions that could not be fully analysed, and why
  --debug               print stack traces of internal errors
  -h, --help            show this help
  -v, --version         print the version

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 bad usage, bad settings, no service
found, suppressions left unused, fixes that could not be written, or an internal error.
`;

function version(): string {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  return (JSON.parse(nodeFs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

const OPTIONS = {
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  'output-file': { type: 'string', short: 'o' },
  color: { type: 'boolean' },
  stage: { type: 'string', multiple: true },
  region: { type: 'string' },
  rule: { type: 'string', multiple: true },
  config: { type: 'string', short: 'c' },
  'config-lookup': { type: 'boolean' },
  'print-config': { type: 'string' },
  'inline-config': { type: 'boolean' },
  'eval-config': { type: 'boolean' },
  root: { type: 'string' },
  parser: { type: 'string' },
  'report-unused-disable-directives': { type: 'boolean' },
  'suppress-all': { type: 'boolean' },
  'suppress-rule': { type: 'string', multiple: true },
  'suppressions-location': { type: 'string' },
  'prune-suppressions': { type: 'boolean' },
  'pass-on-unpruned-suppressions': { type: 'boolean' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies ParseArgsConfig['options'];

/** node:util's parser, with a did-you-mean for a misspelt option. */
function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, allowNegative: true, options: OPTIONS });
  } catch (e) {
    const unknown = (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && (e as Error).message.match(/'(-{1,2}[^']+)'/)?.[1];
    if (!unknown) throw e;
    const names = Object.keys(OPTIONS).flatMap((n) => [`--${n}`, ...(OPTIONS[n as keyof typeof OPTIONS].type === 'boolean' ? [`--no-${n}`] : [])]);
    throw new UsageError(`unknown option ${unknown}${didYouMean(unknown, names)}`);
  }
}

export type CommandLine = ReturnType<typeof parseCommandLine>;

/**
 * --help and --version answer before the engine loads: what a pre-commit hook or an editor pays on
 * every start is Node's start-up and this module, nothing more.
 */
async function main(argv: string[]): Promise<number> {
  const commandLine = parseCommandLine(argv);
  if (commandLine.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (commandLine.values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const { lintCommand } = await import('./cli-lint.js');
  return lintCommand(commandLine);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  const debug = process.argv.includes('--debug');
  // Errors of the engine's own kinds (bad settings, no service) come from cli-lint, loaded by then.
  const engineError = async () => (await import('./cli-lint.js').catch(() => undefined))?.isExpectedError(e) ?? false;
  const expected = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') || (await engineError());
  for (const line of (e as Error).message.split('\n')) process.stderr.write(`cors-lint: ${expected ? '' : 'internal error: '}${escapeText(line)}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 2;
}
