// Bundles the extension host code, the CLI and the webview. `vscode` stays external: the host provides it.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, cpSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configValidatorModule } from './scripts/standalone-validators.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  define: { REQLINT_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's UMD `main` loads its parts with a dynamic require esbuild cannot follow; its ESM build bundles.
  mainFields: ['module', 'main'],
};

// Each CLI command is its own bundle (dist/cli-<command>.js) that dist/cli.js loads on demand, so
// `reqlint lint` never reads or compiles the HTTP client and the other commands' code at start-up.
const cliCommands = existsSync('src/cli/commands')
  ? readdirSync('src/cli/commands').filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3))
  : [];
/** @type {esbuild.Plugin} */
const splitCliCommands = {
  name: 'split-cli-commands',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/[\w-]+$/ }, (args) =>
      /[\\/]src[\\/]cli[\\/]main\.ts$/.test(args.importer) ? { path: `./cli-${args.path.slice('./commands/'.length)}.js`, external: true } : undefined,
    );
  },
};

// The OpenAPI reader (with its YAML parser, about a third of the send bundle) is its own bundle too:
// `reqlint send` loads it only when the config has `openapi` entries, so plain sends skip reading and
// compiling it at every start.
/** @type {esbuild.Plugin} */
const splitOpenApi = {
  name: 'split-openapi',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/\.\.\/core\/openapi\/index$/ }, (args) =>
      /[\\/]src[\\/]cli[\\/]commands[\\/](send|test)\.ts$/.test(args.importer) ? { path: './cli-openapi.js', external: true } : undefined,
    );
  },
};

// The config schema's validator as ajv standalone code made here, instead of compiling the schema at
// every start of `reqlint lint` (about 50 ms of CPU). Generated at each build from the schema, never committed.
const configValidatorSource = await configValidatorModule();
/** @type {esbuild.Plugin} */
const precompiledValidators = {
  name: 'precompiled-validators',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]core[\\/]config[\\/]schema-validator\.ts$/ }, () => ({
      contents: configValidatorSource,
      loader: 'js',
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
    }));
  },
};

// QuickJS's loader is reached through a dynamic import(), for which esbuild picks the package's ESM
// build; that one finds itself through import.meta.url, which a CommonJS bundle does not have. The
// CommonJS build of the same file is used instead (the WebAssembly itself is passed in, never looked up).
/** @type {esbuild.Plugin} */
const quickjsCommonJs = {
  name: 'quickjs-commonjs',
  setup(build) {
    build.onResolve({ filter: /^@jitl\/quickjs-wasmfile-release-sync\/emscripten-module$/ }, () => ({
      path: fileURLToPath(new URL('./node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.cjs', import.meta.url)),
    }));
  },
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [precompiledValidators, quickjsCommonJs],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [splitCliCommands],
    // Load the command bundles with require(): import() would start the ESM loader for nothing.
    supported: { 'dynamic-import': false },
  },
  ...cliCommands.map((name) => ({
    ...common,
    entryPoints: [`src/cli/commands/${name}.ts`],
    outfile: `dist/cli-${name}.js`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [precompiledValidators, splitOpenApi, quickjsCommonJs],
    // A lazily loaded part is require()d: import() would start the ESM loader for nothing.
    supported: { 'dynamic-import': false },
  })),
  {
    ...common,
    entryPoints: ['src/core/openapi/index.ts'],
    outfile: 'dist/cli-openapi.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [precompiledValidators],
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
].filter((t) => existsSync(t.entryPoints[0]));

mkdirSync('dist/webview', { recursive: true });
if (existsSync('node_modules/@vscode/codicons/dist')) {
  cpSync('node_modules/@vscode/codicons/dist/codicon.css', 'dist/webview/codicon.css');
  cpSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/webview/codicon.ttf');
}
// The script sandbox's engine (QuickJS compiled to WebAssembly) is read from beside the bundles at run time.
const quickjsWasm = 'node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm';
if (existsSync(quickjsWasm)) cpSync(quickjsWasm, 'dist/quickjs.wasm');
if (existsSync('src/webview/panel.css')) cpSync('src/webview/panel.css', 'dist/webview/panel.css');

if (watch) {
  const ctxs = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(ctxs.map((c) => c.watch()));
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
