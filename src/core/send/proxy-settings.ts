import type { RequestOptions } from './types';

/** The proxy settings an editor offers: the extension's own and the editor's general HTTP ones. */
export interface EditorProxySettings {
  /** Reqlint's own proxy URL setting, or null when unset. */
  own: string | null;
  /** The editor's `http.proxy`, or null/'' when unset. */
  editorProxy: string | null;
  /** The editor's `http.noProxy` host list. */
  editorNoProxy: readonly string[];
  /** The editor's `http.proxyStrictSSL` (default true). */
  editorStrictSSL: boolean;
}

/**
 * The proxy options of a request sent from the editor: Reqlint's own setting when set, else the
 * editor's `http.proxy` with its `http.noProxy` hosts and `http.proxyStrictSSL`; with neither, no
 * option (the HTTP_PROXY / HTTPS_PROXY / NO_PROXY environment applies, as on the command line).
 */
export function editorProxyOptions(s: EditorProxySettings): Pick<RequestOptions, 'proxy' | 'noProxy' | 'proxyInsecure'> {
  const own = s.own?.trim();
  if (own) return { proxy: own };
  const editor = s.editorProxy?.trim();
  if (!editor) return {};
  const out: Pick<RequestOptions, 'proxy' | 'noProxy' | 'proxyInsecure'> = { proxy: /^[a-z][a-z0-9+.-]*:\/\//i.test(editor) ? editor : `http://${editor}` };
  const hosts = s.editorNoProxy.map((h) => h.trim()).filter(Boolean);
  if (hosts.length) out.noProxy = hosts.join(',');
  if (!s.editorStrictSSL) out.proxyInsecure = true;
  return out;
}
