/** A minimal HTML page for answers a person reads in the browser (not signed in, link used up, …). */
export function noticePage(title: string, paragraphs: readonly string[]): string {
  const escape = (s: string): string =>
    s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
  const body = paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · Faces Concur Desk</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}h1{font-size:1.4rem}</style>
</head><body><h1>${escape(title)}</h1>
${body}
</body></html>
`
}
