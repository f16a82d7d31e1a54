// A child process that drives the lab's online surface with the real client libraries,
// unchanged: @azure/msal-node (ConfidentialClientApplication, secret or certificate) and
// @microsoft/microsoft-graph-client on Node's native fetch. It runs with
// NODE_EXTRA_CA_CERTS=<lab CA> so TLS verification stays on and trusts only what the lab
// issued — which is why it is a separate process: Node reads that variable at start-up.
//
// Protocol: one JSON command per stdin line, one JSON answer per stdout line
// ({ id, ok: true, result } or { id, ok: false, error }). Secrets arrive on stdin, never argv.
import { createInterface } from 'node:readline';
import { ConfidentialClientApplication } from '@azure/msal-node';
import graph from '@microsoft/microsoft-graph-client';

const { Client, PageIterator, BatchRequestContent, BatchResponseContent, RetryHandlerOptions } = graph;

/** MSAL configured for the lab authority, with instance discovery answered locally. */
function msalApp(app) {
  const auth = { clientId: app.clientId, authority: `${app.authorityHost}/${app.tenant}`, knownAuthorities: [app.authorityHost] };
  if (app.clientSecret !== undefined) auth.clientSecret = app.clientSecret;
  if (app.certificate !== undefined) {
    auth.clientCertificate = { thumbprintSha256: app.certificate.thumbprintSha256, privateKey: app.certificate.keyPem, x5c: app.certificate.certPem };
  }
  if (app.authorityMetadata !== undefined) auth.authorityMetadata = JSON.stringify(app.authorityMetadata);
  return new ConfidentialClientApplication({ auth });
}

function describeMsalError(error) {
  return { name: error.name, errorCode: error.errorCode, errorNo: error.errorNo, status: error.status, message: error.errorMessage ?? error.message };
}

function graphClient(app) {
  const cca = msalApp(app);
  const authProvider = {
    getAccessToken: async () => (await cca.acquireTokenByClientCredential({ scopes: [app.scope ?? 'https://graph.microsoft.com/.default'] })).accessToken,
  };
  const origin = new URL(app.graphBaseUrl).origin;
  return Client.initWithMiddleware({ authProvider, baseUrl: origin, defaultVersion: 'v1.0', customHosts: new Set([new URL(origin).hostname]) });
}

function describeGraphError(error) {
  const headers = {};
  if (error.headers && typeof error.headers.forEach === 'function') error.headers.forEach((v, k) => { headers[k] = v; });
  return { name: error.name, statusCode: error.statusCode, code: error.code, message: error.message, requestId: error.requestId, headers, body: error.body };
}

/** Options that turn the client's automatic 429/503 retries off, so a test sees the first answer. */
function noRetry() {
  return [new RetryHandlerOptions(0, 0)];
}

const commands = {
  async token({ app }) {
    const result = await msalApp(app).acquireTokenByClientCredential({ scopes: [app.scope ?? 'https://graph.microsoft.com/.default'] });
    const claims = JSON.parse(Buffer.from(result.accessToken.split('.')[1], 'base64url').toString('utf8'));
    return { claims, tokenType: result.tokenType, expiresOn: result.expiresOn };
  },

  async get({ app, path, headers, retries }) {
    let request = graphClient(app).api(path);
    if (headers) request = request.headers(headers);
    if (retries === false) request = request.middlewareOptions(noRetry());
    return await request.get();
  },

  /** `count` GETs of `path` at once through one client (one token), for concurrency limits. */
  async getMany({ app, path, count, retries }) {
    const client = graphClient(app);
    await client.api('/users?$top=1').get(); // acquires and caches the token first
    return await Promise.all(Array.from({ length: count }, async () => {
      let request = client.api(path);
      if (retries === false) request = request.middlewareOptions(noRetry());
      try {
        return { ok: true, result: await request.get() };
      } catch (error) {
        return { ok: false, error: describeGraphError(error) };
      }
    }));
  },

  /** One delta round: from `deltaLink` (or `path` for an initial round) through every page. */
  async deltaRound({ app, path, deltaLink, headers, retries }) {
    const client = graphClient(app);
    const options = { headers: headers ?? {}, ...(retries === false ? { middlewareOptions: noRetry() } : {}) };
    let request = client.api(deltaLink ?? path);
    if (headers) request = request.headers(headers);
    if (retries === false) request = request.middlewareOptions(noRetry());
    const first = await request.get();
    const items = [];
    const iterator = new PageIterator(client, first, (item) => { items.push(item); return true; }, options);
    await iterator.iterate();
    return { items, deltaLink: iterator.getDeltaLink() ?? null, firstPageSize: first.value.length, firstHadNextLink: first['@odata.nextLink'] !== undefined };
  },

  async batch({ app, requests }) {
    const client = graphClient(app);
    const origin = new URL(app.graphBaseUrl).origin;
    const steps = requests.map((r) => ({
      id: r.id,
      request: new Request(`${origin}/v1.0${r.path}`, { method: r.method ?? 'GET', ...(r.body ? { body: JSON.stringify(r.body), headers: { 'content-type': 'application/json' } } : {}) }),
      ...(r.dependsOn ? { dependsOn: r.dependsOn } : {}),
    }));
    const content = new BatchRequestContent(steps);
    const payload = await content.getContent();
    const response = new BatchResponseContent(await client.api('/$batch').post(payload));
    const out = {};
    for (const [id, res] of response.getResponses()) {
      const text = await res.text();
      let body = null;
      try { body = text === '' ? null : JSON.parse(text); } catch { body = text; }
      out[id] = { status: res.status, body };
    }
    return out;
  },

  /** GET returning status, headers and body as the client's fetch saw them. */
  async raw({ app, path, headers }) {
    let request = graphClient(app).api(path).responseType(graph.ResponseType.RAW).middlewareOptions(noRetry());
    if (headers) request = request.headers(headers);
    const response = await request.get();
    const out = {};
    response.headers.forEach((v, k) => { out[k] = v; });
    const text = await response.text();
    let body = text;
    try { body = JSON.parse(text); } catch { /* not JSON */ }
    return { status: response.status, headers: out, body };
  },

  async post({ app, path, body }) {
    return (await graphClient(app).api(path).post(body)) ?? null;
  },

  async patch({ app, path, body }) {
    return (await graphClient(app).api(path).patch(body)) ?? null;
  },

  async delete({ app, path }) {
    return (await graphClient(app).api(path).delete()) ?? null;
  },
};

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  const message = JSON.parse(line);
  try {
    const result = await commands[message.cmd](message);
    process.stdout.write(`${JSON.stringify({ id: message.id, ok: true, result })}\n`);
  } catch (error) {
    const described = error && typeof error.statusCode === 'number' ? { kind: 'graph', ...describeGraphError(error) }
      : error && typeof error.errorCode === 'string' ? { kind: 'msal', ...describeMsalError(error) }
        : { kind: 'other', name: error?.name, message: String(error?.message ?? error) };
    process.stdout.write(`${JSON.stringify({ id: message.id, ok: false, error: described })}\n`);
  }
});
