// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // Rules read three-valued facts: a fact object is always truthy, so truthiness checks are banned there.
    files: ['rules/**/*.ts', 'src/engine/**/*.ts', 'src/graph/**/*.ts'],
    rules: {
      '@typescript-eslint/strict-boolean-expressions': [
        'error',
        { allowString: false, allowNumber: false, allowNullableObject: false },
      ],
    },
  },
  {
    // The HTML report's browser code has its own tsconfig (DOM types, bundler resolution).
    files: ['src/report/html-client/**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './src/report/html-client/tsconfig.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
