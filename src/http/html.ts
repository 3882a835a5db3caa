/** Minimal HTML for the few pages the relay shows a browser. Everything echoed is escaped. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

export function errorPage(options: { title: string; message: string; code: string; backTo?: string }): string {
  const back =
    options.backTo === undefined ? '' : `<p><a href="${escapeHtml(options.backTo)}">Back to the store</a></p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}code{color:#666;font-size:.85rem}a{color:#0a58ca}
</style>
</head>
<body>
<h1>${escapeHtml(options.title)}</h1>
<p>${escapeHtml(options.message)}</p>
${back}
<p><code>${escapeHtml(options.code)}</code></p>
</body>
</html>
`;
}
