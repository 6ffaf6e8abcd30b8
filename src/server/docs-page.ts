const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

interface Op {
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  security?: unknown[];
}

/** A readable HTML page of the OpenAPI document (server-rendered: no script needed). */
export function apiDocsPage(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, Op>>;
  const info = doc.info as { title: string; version: string; description: string };
  const rows = Object.entries(paths)
    .flatMap(([p, ops]) =>
      Object.entries(ops).map(([m, op]) => {
        const params = (op.parameters ?? [])
          .map(
            (x) =>
              `<li><code>${esc(x.name)}</code> (${esc(x.in)}${x.required ? ', required' : ''})${x.description ? ` — ${esc(x.description)}` : ''}</li>`,
          )
          .join('');
        return `<section class="op"><h2><span class="m">${esc(m.toUpperCase())}</span> <code>${esc(p)}</code></h2>
<p>${esc(op.summary)}${op.security ? ' <strong>(no sign-in needed)</strong>' : ''}</p>${params ? `<ul>${params}</ul>` : ''}</section>`;
      }),
    )
    .join('\n');
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} — API reference</title><link rel="stylesheet" href="/api-docs.css"></head>
<body><main><h1>${esc(info.title)} <small>v${esc(info.version)}</small></h1><p>${esc(info.description)}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>
${rows}</main></body></html>`;
}

/** The API page's style sheet (served as a file: the CSP allows no inline style). */
export const API_DOCS_CSS = `body{font-family:Arial,sans-serif;margin:0;color:#212b32;background:#f0f4f5}
main{max-width:960px;margin:0 auto;padding:24px;background:#fff}h1{color:#005eb8}
.op{border-top:1px solid #d8dde0;padding:8px 0}.op h2{font-size:1.1rem}.m{display:inline-block;min-width:4em;color:#fff;background:#005eb8;padding:2px 6px;border-radius:4px}
code{font-family:monospace;font-size:1rem}a{color:#005eb8}a:focus{outline:3px solid #ffeb3b;background:#ffeb3b}`;
