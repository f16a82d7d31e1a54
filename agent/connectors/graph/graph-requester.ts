/**
 * The Graph connector's request plumbing: URLs under the profile's API root, one call with
 * its wire record and typed error mapping, collections followed through every nextLink,
 * and the rule that a link (nextLink, deltaLink, a stored state) is followed only on the
 * profile's own Graph origin — anything else would carry the bearer token elsewhere.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { ConnectorError } from '../connector-errors.js';
import { mapGraphError } from './graph-error-map.js';
import type { Json } from './graph-item-mapping.js';
import { graphContext, type GraphRecord } from './profile-graph-middleware.js';

/**
 * Page size asked for on every list and delta call (Prefer: odata.maxpagesize); without it
 * Outlook resources answer ~10 entries a page (sync-semantics.md §2.2).
 */
export const DEFAULT_PAGE = 200;

/**
 * Page size of calendarView reads (EX-14): the engine reads the whole expansion window
 * (≤ ~61 days) in one call, so the window costs ⌈entries / 500⌉ round trips. Graph documents
 * no maximum for calendarView (List calendarView,
 * https://learn.microsoft.com/en-us/graph/api/user-list-calendarview; the question is open in
 * microsoftgraph/microsoft-graph-docs#12653); Outlook list pages go up to 1000
 * (https://learn.microsoft.com/en-us/graph/api/user-list-messages, `$top` 1–1000), and large
 * pages of full events risk the gateway timeouts Microsoft warns of there, so 500 stays
 * below both. The size is a ceiling: a server that pages smaller costs round trips, never
 * entries, since every nextLink is followed.
 */
export const CALENDAR_VIEW_PAGE = 500;

export function enc(s: string): string {
  return encodeURIComponent(s);
}

export class GraphRequester {
  readonly origin: string;

  constructor(readonly graphApiRoot: string, private readonly client: Client) {
    this.origin = new URL(graphApiRoot).origin;
  }

  url(path: string, query: Record<string, string> = {}): string {
    const q = Object.entries(query).map(([k, v]) => `${k}=${enc(v)}`).join('&');
    return `${this.graphApiRoot}${path}${q ? `?${q}` : ''}`;
  }

  user(mailbox: string): string {
    return `/users/${enc(mailbox)}`;
  }

  async call<T>(mailbox: string, run: (client: Client) => Promise<T>): Promise<T> {
    const record: GraphRecord = {};
    try {
      return await graphContext.run(record, () => run(this.client));
    } catch (error) {
      throw mapGraphError(error, record, mailbox);
    }
  }

  get<T = Json>(mailbox: string, url: string, prefer: string[] = []): Promise<T> {
    return this.call(mailbox, (c) => {
      const req = c.api(url);
      if (prefer.length > 0) req.header('Prefer', prefer.join(', '));
      return req.get() as Promise<T>;
    });
  }

  /**
   * Every page of a collection. The page size is asked for on every page, the nextLink's
   * included: Graph does not carry the Prefer header over from the first request.
   */
  async all(mailbox: string, url: string, prefer: string[] = [], pageSize = DEFAULT_PAGE): Promise<Json[]> {
    const out: Json[] = [];
    let next: string | undefined = url;
    while (next) {
      const page: Json = await this.get(mailbox, next, [`odata.maxpagesize=${pageSize}`, ...prefer]);
      out.push(...(Array.isArray(page.value) ? (page.value as Json[]) : []));
      next = typeof page['@odata.nextLink'] === 'string' ? this.ownLink(page['@odata.nextLink']) : undefined;
    }
    return out;
  }

  /** A link from the server (or a stored state) is followed only on the profile's Graph origin. */
  ownLink(link: string): string {
    let origin: string;
    try {
      origin = new URL(link).origin;
    } catch {
      origin = '';
    }
    if (origin !== this.origin) {
      throw new ConnectorError({ protocol: 'graph', code: 'MB_DELTA_LINK_FOREIGN', message: `a delta/next link points to ${origin || 'an invalid URL'}, not to ${this.origin}` },
        { family: 'sync-state', cause: 'The stored sync state is not a link on this profile\'s Graph endpoint (endpoint changed, or the state was damaged).', fix: ['Run a full sync (mailbridge sync PROFILE --full).'] });
    }
    return link;
  }
}
