/**
 * `diagnose.explain`: the knowledge base over the socket, so the console and scripts
 * get the same diagnosis as `mailbridge diagnose` from one place (issue #5, AG-2).
 * Pure and read-only; the text is never logged (it may hold user names or hosts).
 */
import { explainForRpc } from '../../../src/diagnosis/index.js';
import type { MethodHandlers } from '../call-context.js';

export function diagnoseMethods(): Pick<MethodHandlers, 'diagnose.explain'> {
  return {
    'diagnose.explain': (params) => explainForRpc(params),
  };
}
