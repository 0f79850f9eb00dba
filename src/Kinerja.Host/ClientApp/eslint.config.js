import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['node_modules/**'] },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module'
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error'
    }
  },
  {
    files: ['src/**/*.js'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: ['tests/**/*.js', 'dev/**/*.mjs', 'esbuild.mjs', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } }
  }
];
