/**
 * The diagnosis subsystem's public API: the matcher, the knowledge base and the contract
 * schemas. The CLI command, the agent's `diagnose.explain` method, the check runner and
 * the sync engine import from here.
 */
export { diagnose, explainCode, diagnoseError, describeError, type DiagnoseOptions } from './diagnose.js';
export { lookup, KB_ENTRIES } from './knowledge-base.js';
export { kbEntrySchema, docLinkSchema, type KbEntry, type DocLink } from './kb-entry.js';
export {
  DIAGNOSIS_SCHEMA_ID, diagnosisDocumentSchema, diagnosisMatchSchema, evidenceSchema,
  type DiagnosisDocument, type DiagnosisMatch, type Evidence,
} from './diagnosis-document.js';
export { renderDiagnosisText } from './render-text.js';
export { toCheckDiagnosis } from './check-diagnosis.js';
export { explainForRpc } from './explain-rpc.js';
export { diagnoseExplainParamsSchema, type DiagnoseExplainParams } from './explain-params.js';
