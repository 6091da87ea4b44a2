import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import RELEASE_SYNC from '@jitl/quickjs-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';

/** File name of the QuickJS WebAssembly binary next to the bundles in `dist/` (the build copies it there). */
export const WASM_FILE_NAME = 'quickjs.wasm';

// The release build is about 500 KB; anything far larger is not the file we ship.
const MAX_WASM_BYTES = 8 * 1024 * 1024;

/** Raised when the script engine cannot be loaded: names the places looked at and what to do. */
export class ScriptEngineError extends Error {}

function readCapped(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ScriptEngineError(`${path} is not a regular file`);
    if (st.size > MAX_WASM_BYTES) throw new ScriptEngineError(`${path} is ${st.size} bytes, more than the ${MAX_WASM_BYTES} a script engine can be`);
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** Places the WebAssembly binary may be: beside the running bundle, else in the installed package (tests run from source). */
function wasmCandidates(): string[] {
  // `__dirname` is absent when this module is bundled as ESM (the bench); the package path still serves.
  const out = typeof __dirname === 'string' ? [join(__dirname, WASM_FILE_NAME)] : [];
  try {
    out.push(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
  } catch {
    // Not installed (a packaged extension carries only dist/): the first candidate is the one.
  }
  return out;
}

let compiled: WebAssembly.Module | null = null;

function compiledWasm(): WebAssembly.Module {
  if (compiled) return compiled;
  const tried: string[] = [];
  for (const path of wasmCandidates()) {
    let bytes: Buffer;
    try {
      bytes = readCapped(path);
    } catch (err) {
      tried.push(`${path} (${(err as Error).message})`);
      continue;
    }
    compiled = new WebAssembly.Module(new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength));
    return compiled;
  }
  throw new ScriptEngineError(`The script engine (${WASM_FILE_NAME}) was not found: looked at ${tried.join('; ')}. Rebuild with \`npm run build\`, or reinstall Reqlint.`);
}

let loading: Promise<QuickJSWASMModule> | null = null;

/**
 * The QuickJS engine (WebAssembly), loaded once per process; later calls get the same instance.
 * Rejects with `ScriptEngineError` when the binary is missing.
 */
export function loadScriptEngine(): Promise<QuickJSWASMModule> {
  loading ??= Promise.resolve()
    .then(() => newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmModule: compiledWasm() })))
    .catch((err: unknown) => {
      loading = null;
      throw err instanceof ScriptEngineError ? err : new ScriptEngineError(`The script engine could not start: ${(err as Error).message}`);
    });
  return loading;
}

/**
 * Forgets the loaded engine so the next `loadScriptEngine` starts a fresh one. Called after the
 * engine itself failed (the host's stack ran out inside it), when its memory can no longer be trusted.
 */
export function resetScriptEngine(): void {
  loading = null;
}
