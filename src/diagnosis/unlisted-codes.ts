/**
 * What to say about a code the knowledge base does not list yet: an AADSTS number, an EWS
 * response code read from a structured field, or a code from a JSON error body. Better than silence: the family is
 * certain from the code's shape, and the official per-code lookups still help.
 */
import type { KbEntry } from './kb-entry.js';

export function unlistedEntry(code: string): KbEntry {
  if (code.startsWith('AADSTS')) {
    const number = code.slice('AADSTS'.length);
    return {
      code,
      family: 'entra',
      title: 'Entra ID sign-in error not in the knowledge base',
      cause: `Microsoft Entra ID refused the sign-in or token request with ${code}. mailbridge has no entry for this number yet; the error text next to it usually names the reason.`,
      fix: [
        `Look the code up at https://login.microsoftonline.com/error?code=${number}.`,
        'In the Entra admin center, open Sign-in logs (or Service principal sign-ins for app-only access), filter by the Correlation ID or Trace ID from the error, and read the failure reason.',
        'Report the code to the mailbridge maintainers so it gets an entry.',
      ],
      patterns: {},
      docs: [{ title: 'Microsoft Entra authentication and authorization error codes', url: 'https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes' }],
      rules: ['AG-2'],
      basis: 'doc',
    };
  }
  if (!code.startsWith('Error')) {
    return {
      code,
      family: 'graph',
      title: 'Microsoft Graph error code not in the knowledge base',
      cause: `The service answered with the error code ${code} in its JSON error body. mailbridge has no entry for it yet; the "message" next to the code usually says what failed.`,
      fix: [
        `Look ${code} up in the Microsoft Graph error reference and read the "message" of the same response.`,
        'Keep the request-id and date from innerError: Microsoft support needs them.',
        'Report the code to the mailbridge maintainers so it gets an entry.',
      ],
      patterns: {},
      docs: [{ title: 'Microsoft Graph error responses and resource types', url: 'https://learn.microsoft.com/en-us/graph/errors' }],
      rules: ['AG-2'],
      basis: 'doc',
    };
  }
  return {
    code,
    family: 'ews',
    title: 'EWS response code not in the knowledge base',
    cause: `Exchange answered with the EWS response code ${code}. mailbridge has no entry for it yet; the MessageText next to the code usually says what failed.`,
    fix: [
      `Look ${code} up in the EWS ResponseCode reference.`,
      'Read the MessageText and MessageXml elements of the same response for details, and check the Exchange server event log at that time.',
      'Report the code to the mailbridge maintainers so it gets an entry.',
    ],
    patterns: {},
    docs: [{ title: 'EWS ResponseCode reference', url: 'https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/responsecode' }],
    rules: ['AG-2'],
    basis: 'doc',
  };
}
