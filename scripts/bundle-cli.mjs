// Writes the command line as two files in dist/bundle/: cli.js (package.json's `bin`: argument
// parsing, --help, --version) and the engine it imports for a lint. Node then resolves, opens and
// compiles two modules instead of about 150, which was most of what one small service cost over
// Node's own start-up (bench/README.md), and --version still compiles nothing of the engine. Runs
// after tsc; the Node API and the ESLint plugin stay the unbundled dist/src modules.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: files of an earlier build must not ship.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['dist/src/cli.js'],
  outdir: 'dist/bundle',
  bundle: true,
  // The engine's dynamic import becomes a file of its own, loaded only for a lint.
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // oxc-parser loads a native binding for the platform; the typescript-estree parser is an optional peer.
  external: ['oxc-parser', 'typescript', '@typescript-eslint/*'],
  // Bundled CommonJS packages call require(), which an ES module does not have.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);" },
  logLevel: 'warning',
});
