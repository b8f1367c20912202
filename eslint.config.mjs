// Lint rules for the whole project: typescript-eslint's recommended set, with the few
// exceptions this code base relies on stated here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'reports/**', 'fixtures/**', 'test/transport/dtls/peers/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // CommonJS launchers and scripts use require().
      '@typescript-eslint/no-require-imports': 'off',
      // Sanitisers and hex dumps match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests pin exact dump layouts (runs of spaces) and poke at loosely typed JSON.
    files: ['test/**'],
    rules: { 'no-regex-spaces': 'off', '@typescript-eslint/no-explicit-any': 'off', 'preserve-caught-error': 'off' },
  },
);
