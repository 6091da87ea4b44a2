// Type-aware linting. The import boundaries keep the architecture honest:
// only src/extension may import `vscode`; core depends on nothing of ours; webview talks only through protocol.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/extension/** may import vscode.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'bench/.tmp/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { paths: [noVscode] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['**/cli/**', '**/cli', '**/extension/**', '**/extension', '**/webview/**', '**/webview', '**/mock/**', '**/mock', '**/protocol/**'], message: 'src/core imports nothing from cli, extension, webview, mock or protocol.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/mock/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'cli and mock depend on core only.' }] }],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/core/**', '**/extension/**', '**/cli/**', '**/mock/**', 'node:*'], message: 'The webview talks only through src/protocol.' }] }],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['**/extension/**', '**/webview/**', '**/cli/**', '**/mock/**', 'node:*'], message: 'protocol is plain types shared by host and webview.' },
            { regex: '/core/(?!text/)', message: 'protocol may reuse only the pure text helpers in src/core/text.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/cli/**', '**/webview/**'], message: 'The extension depends on core and protocol only.' }] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests read the CLI's JSON output and hostile inputs as parsed, untyped data on purpose;
      // their assertions are the type check. Source code keeps every no-unsafe-* rule.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
