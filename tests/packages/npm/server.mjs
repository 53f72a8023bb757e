// One tiny server on 127.0.0.1 for the Vite-built app: serves dist/ and, on the same origin (no
// CORS), answers the Atlas listClusters path the way Atlas does: a JSON page with the versioned
// content type, only when asked for that version. Prints each API request it sees to `seen`.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
};
export const MEDIA = 'application/vnd.atlas.2024-08-05+json';

export function serve(root) {
  const base = normalize(root + sep);
  const seen = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      seen.push({ method: req.method, path: url.pathname, query: url.search, accept: req.headers.accept });
      const m = url.pathname.match(/^\/api\/atlas\/v2\/groups\/([0-9a-f]{24})\/clusters$/);
      if (req.method !== 'GET' || !m) return res.writeHead(404, { 'content-type': MEDIA }).end('{"error":404}');
      if (req.headers.accept !== MEDIA) return res.writeHead(406, { 'content-type': MEDIA }).end('{"error":406}');
      const body = JSON.stringify({
        results: [
          { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', groupId: m[1], name: 'packaged-cluster', stateName: 'IDLE' },
          { id: 'bbbbbbbbbbbbbbbbbbbbbbbb', groupId: m[1], name: 'second', stateName: 'CREATING' },
        ],
        totalCount: 2,
        links: [],
      });
      return res.writeHead(200, { 'content-type': MEDIA }).end(body);
    }
    const file = normalize(join(base, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname)));
    let stat;
    try {
      stat = file.startsWith(base) ? statSync(file) : undefined;
    } catch {
      stat = undefined;
    }
    if (!stat?.isFile()) return res.writeHead(404).end('not found');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        seen,
        close: () => new Promise((done) => server.close(done)),
      }),
    );
  });
}
