// Lint rules: typescript-eslint's recommended set, plus the layering rules of
// architecture.md (src/ core never imports agent/ or tui/, tui/ never imports agent/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['tui/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/agent/**'], message: 'The console talks to the agent only through the protocol client in src/.' }] }],
    },
  },
);
