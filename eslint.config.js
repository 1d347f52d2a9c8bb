// ESLint (flat config): typescript-eslint's recommended type-aware rules and eslint-plugin-rxjs-x's
// recommended rules (the plugin's 0.8 line supports rxjs 7 and ESLint 9) over the library, specs,
// examples and benches. `npm run lint` runs this, then Prettier's check (scope: .prettierignore).
import js from '@eslint/js';
import rxjsX from 'eslint-plugin-rxjs-x';
import tseslint from 'typescript-eslint';

// Code other engineers are reworking right now (issues 12-14: protocol, channels, simulator,
// connection) and modules no issue owns yet: the rules that still fire there are warnings, so
// `npm run lint` passes while they land; the lead turns them into errors afterwards.
const ELSEWHERE = [
  'lib/protocol/**',
  'lib/channels/**',
  'lib/simulator/**',
  'lib/connection/**',
  'lib/auth/**',
  'lib/operators/**',
  'lib/orderbook/**',
  'lib/internal/**',
  'lib/replay/**',
  'spec/simulator/**',
  'spec/connection/**',
  'spec/protocol/**',
  'spec/integration/**',
  'spec/operators/**',
  'spec/orderbook/**',
  'spec/auth/**',
  'spec/helpers/**',
  'spec/internal/**',
  'spec/replay/**',
  'bench/**',
];
const FIRING_ELSEWHERE = [
  '@typescript-eslint/only-throw-error',
  '@typescript-eslint/require-await',
  '@typescript-eslint/no-unnecessary-type-assertion',
  '@typescript-eslint/no-this-alias',
  '@typescript-eslint/no-base-to-string',
  'rxjs-x/no-nested-subscribe',
  'rxjs-x/no-implicit-any-catch',
  '@typescript-eslint/no-explicit-any',
  'prefer-const',
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'build-bench/',
      'docs/api/',
      '.spec-build/',
      'coverage/',
      'node_modules/',
      // Mutation testing: Stryker's sandboxes (a copy of the project, left behind by a stopped run) and its reports.
      '.stryker-tmp/',
      'reports/',
      'examples/browser/dist/',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked, rxjsX.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_name` is this codebase's "deliberately unused" (destructuring a field away, a required parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Specs read JSON frames and child-process output as `any` on purpose.
    files: ['spec/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  { files: ELSEWHERE, rules: Object.fromEntries(FIRING_ELSEWHERE.map((r) => [r, 'warn'])) },
);
