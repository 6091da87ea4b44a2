// Imported first by extension.ts so that the bundle's module evaluation is part of the measured time.

/** `performance.now()` (milliseconds) when the extension bundle started evaluating. */
export const bundleLoadStart = performance.now();
