import type { ContextProvider } from '../provider';

/**
 * The context providers every lint run uses, in order (before any rule runs). Add a provider by
 * importing it here and appending it; the engine also accepts extra ones through `LintOptions.providers`.
 */
export const contextProviders: ContextProvider[] = [];
