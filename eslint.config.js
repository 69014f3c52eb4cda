// The project's own lint: typescript-eslint's recommended type-checked rules, which see through types
// (floating promises, values of type any flowing into typed code, unbound methods) where syntax alone cannot.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test/fixtures/', 'test/corpus/', 'test/scenarios/', 'examples/', 'src/**/*.generated.ts'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.ts', 'bench/*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // ESTree node types are compared with their string names on purpose: both parsers (oxc and
      // typescript-estree) produce the same strings, and the enum would tie the analysis to one of them.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // `const { dropped: _dropped, ...rest } = x` names what it leaves out.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests read JSON output and parsed documents whose shape is what they assert.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // Plain JavaScript (benchmark and build scripts) has no types to check against.
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
