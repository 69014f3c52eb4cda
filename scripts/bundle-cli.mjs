// Writes the command line as one file (dist/src/cli.bundle.js, package.json's `bin`): Node then
// resolves, opens and compiles one module instead of about 150, which is most of what one small
// service costs over Node's own start-up (bench/README.md). Runs after tsc; the Node API and the
// ESLint plugin stay the unbundled dist/src modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/cli.js'],
  outfile: 'dist/src/cli.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // oxc-parser loads a native binding for the platform; the typescript-estree parser is an optional peer.
  external: ['oxc-parser', 'typescript', '@typescript-eslint/*'],
  // Bundled CommonJS packages call require(), which an ES module does not have.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);" },
  logLevel: 'warning',
});
