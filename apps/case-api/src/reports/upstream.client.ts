import { Injectable } from '@nestjs/common';

export type Upstream<T> = { ok: true; data: T } | { ok: false; reason: string };

/**
 * GETs another service's read API with the caller's own bearer token, so the report sees exactly what the caller may
 * see. A refusal or an unreachable service becomes a reason in the report instead of failing the whole report.
 */
@Injectable()
export class UpstreamClient {
  async get<T>(baseUrl: string, path: string, authorization: string, timeoutMs = 20_000): Promise<Upstream<T>> {
    const url = `${baseUrl.replace(/\/$/, '')}/api/v1${path}`;
    try {
      const res = await fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      if (!res.ok) {
        let detail = text.slice(0, 200);
        try {
          detail = (JSON.parse(text) as { detail?: string }).detail ?? detail;
        } catch {
          // not a problem body; keep the text
        }
        return { ok: false, reason: `GET ${path} → ${res.status} ${detail}` };
      }
      return { ok: true, data: JSON.parse(text) as T };
    } catch (e) {
      return { ok: false, reason: `GET ${url}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}
