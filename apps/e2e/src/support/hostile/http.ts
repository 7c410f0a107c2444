import * as http from 'http';

/**
 * A raw HTTP client (node:http, not fetch) so the sweep can send bytes that are not valid JSON or UTF-8, read
 * the content type, and still get the answer when the server replies before it has read a huge body.
 */
export interface RawRequest {
  method: string;
  /** Already encoded path + query. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  /** Transport problem (connection reset before any answer, timeout). */
  error?: string;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
let resentOnFreshSocket = 0;

/** How many requests were sent again because a reused keep-alive socket was reset before any answer. */
export function resentCount(): number {
  return resentOnFreshSocket;
}

export async function send(port: number, req: RawRequest, timeoutMs = 30000): Promise<RawResponse> {
  const first = await sendOnce(port, req, timeoutMs, agent);
  // A kept-alive socket the server closed just as we reused it is reset before the server read anything
  // (Node's documented keep-alive race). Send again once on a fresh connection; anything else is a finding.
  if (first.reusedSocketReset) {
    resentOnFreshSocket++;
    return sendOnce(port, req, timeoutMs, false);
  }
  return first;
}

function sendOnce(
  port: number,
  req: RawRequest,
  timeoutMs: number,
  via: http.Agent | false,
): Promise<RawResponse & { reusedSocketReset?: boolean }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: Omit<RawResponse, 'ms'> & { reusedSocketReset?: boolean }) => {
      if (done) return;
      done = true;
      resolve({ ...r, ms: Date.now() - started });
    };
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const r = http.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        agent: via,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...(req.headers ?? {}) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          finish({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (e) => finish({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: '', error: String(e) }));
      },
    );
    r.on('timeout', () => {
      r.destroy(new Error(`timeout after ${timeoutMs} ms`));
    });
    // A server may answer (413) and close while a huge body is still being written: the answer has then
    // usually arrived already; otherwise report the transport error.
    r.on('error', (e: NodeJS.ErrnoException) => {
      const reusedSocketReset = r.reusedSocket && e.code === 'ECONNRESET';
      setTimeout(() => finish({ status: 0, contentType: '', text: '', error: String(e), reusedSocketReset }), 50);
    });
    if (body) r.end(body);
    else r.end();
  });
}

/** Runs `fn` over `items` with at most `concurrency` at a time. */
export async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

export function destroyAgent(): void {
  agent.destroy();
}
