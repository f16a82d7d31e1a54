/**
 * Microsoft Graph's generic error codes (the HTTP status in words). They say less than a
 * service-specific code, so they rank just above the bare status and below anything more
 * precise in the same body; the message next to them usually carries the detail.
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

function genericEntry(code: string, title: string, cause: string, fix: string[], refines: string[]): KbEntry {
  return {
    code, family: 'graph', title, cause,
    fix: [...fix, 'Paste the whole response body into `mailbridge diagnose`; a more specific code or message in it explains more.'],
    patterns: {}, docs: [DOCS.graphErrors], rules: ['AG-2'], basis: 'doc', specificity: 45, refines,
  };
}

export const GRAPH_GENERIC_ENTRIES: KbEntry[] = [
  genericEntry('BadRequest', 'Graph: bad request', 'Graph could not process the request as sent: a malformed URL, an invalid query option, or an operation that does not fit the token type.', ['Check the request path and query options ($filter, $select, $top) against the API reference.', 'App-only tokens must address /users/<id>, never /me.'], ['HTTP_400']),
  genericEntry('invalidRequest', 'Graph: invalid request', 'The request is malformed or incorrect for this resource.', ['Check the request body and parameters against the API reference for this resource.'], ['HTTP_400']),
  genericEntry('unauthenticated', 'Graph: caller not authenticated', 'The request carried no valid authentication.', ['Acquire a token for https://graph.microsoft.com/.default and send it as Authorization: Bearer <token>.'], ['HTTP_401']),
  genericEntry('accessDenied', 'Graph: access denied', 'The caller has no permission for this action.', ['Add the needed application permission to the app registration and grant admin consent; check application access policies for mailboxes.'], ['HTTP_403']),
  genericEntry('itemNotFound', 'Graph: item not found', 'The resource does not exist, or the caller cannot see it.', ['Check the ID or path; item IDs change when items move unless immutable IDs are used.'], ['HTTP_404']),
  genericEntry('ResourceNotFound', 'Graph: resource not found', 'The resource could not be discovered: a wrong path segment, or a mailbox or user that does not exist.', ['Check the URL path (v1.0 vs beta) and that the user has a mailbox.'], ['HTTP_404']),
  genericEntry('serviceNotAvailable', 'Graph: service unavailable', 'The service is temporarily unavailable or throttling.', ['Honour Retry-After and back off; mailbridge retries with backoff.'], ['HTTP_503']),
];
