/**
 * Test helper: one HTTPS request to the lab trusting its CA (node:https with `ca`), for the
 * endpoints checked below the EWS library (OWA, EAS OPTIONS, autodiscover, raw 401s).
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';

export interface LabResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Every value of a header as sent, one per header line (Node joins some, e.g. WWW-Authenticate). */
  all(name: string): string[];
  body: string;
}

export function labRequest(caFile: string, method: string, url: string, headers: Record<string, string> = {}, body?: string): Promise<LabResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: readFileSync(caFile), agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      const raw = res.rawHeaders;
      const values = (name: string): string[] => {
        const out: string[] = [];
        for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]?.toLowerCase() === name.toLowerCase()) out.push(raw[i + 1] as string);
        return out;
      };
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, all: values, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function basicHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
