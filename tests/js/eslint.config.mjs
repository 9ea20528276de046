// The JS lint (`make lint`): ESLint's recommended rules over every JS file of the repository,
// with each folder's runtime globals. Run from the repository root:
//   tests/js/node_modules/.bin/eslint --config tests/js/eslint.config.mjs .
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/.wrangler/**', // wrangler dev's bundles
      'target/**',
      // wasm-bindgen's output and the bundles built from it (git-ignored).
      'pkg/*.js',
      'pkg/snippets/**',
      'www/pkg/**',
      'worker/dist/**',
      'bench/plain-worker/dist/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: { 'no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }] },
  },
  // Run by Node: tests, benchmarks, build scripts, the Node entry. The tests also hand functions
  // to headless Chromium (`page.evaluate`), which run with a page's globals.
  {
    files: ['tests/**', 'bench/*.mjs', 'scripts/**', 'pkg/entries/node.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['tests/**/*.test.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Pages, the browser entry and the app the bundler tests build.
  {
    files: ['www/**', 'pkg/entries/browser.js', 'tests/js/consumer/browser-app.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Cloudflare Workers (service-worker globals) and the package's runtime-neutral JS.
  {
    files: ['worker/src/**', 'bench/plain-worker/**', 'pkg/entries/workerd.js', 'pkg/entries/api.js', 'src/io.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
];
