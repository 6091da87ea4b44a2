// The webview's HTML shell. Kept free of the `vscode` module so the visual harness serves the very
// same page (and CSP) the extension does.

/** What the page links to; every URI must be a webview resource URI (or the harness's stand-in). */
export interface PanelHtmlInput {
  /** `webview.cspSource`: the origin allowed for styles, fonts and images. */
  cspSource: string;
  /** A fresh random value per page load; only scripts carrying it run. */
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  /** Extra scripts run before the bundle (the harness's stand-in for `acquireVsCodeApi`); none in the extension. */
  preludeScripts?: string[];
  /** Class on `<body>` (VS Code sets its own theme class on the webview; the harness sets one too). */
  bodyClass?: string;
}

/** The Content-Security-Policy of the panel: nothing but our styles, fonts, images and nonce'd scripts. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    // Image bodies arrive as base64 and are shown through data: URLs; nothing is ever fetched.
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page: CSP meta, stylesheets, an empty `#app` and the nonce'd bundle. No data is ever in it. */
export function panelHtml(input: PanelHtmlInput): string {
  const nonce = attr(input.nonce);
  const styles = input.styleUris.map((u) => `<link rel="stylesheet" href="${attr(u)}">`).join('\n    ');
  const prelude = (input.preludeScripts ?? []).map((s) => `<script nonce="${nonce}">${s.replace(/<\/script/gi, '<\\/script')}</script>`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(panelCsp(input.cspSource, input.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>Reqlint</title>
  </head>
  <body${input.bodyClass ? ` class="${attr(input.bodyClass)}"` : ''}>
    <div id="app"></div>
    ${prelude}
    <script nonce="${nonce}" src="${attr(input.scriptUri)}"></script>
  </body>
</html>
`;
}
