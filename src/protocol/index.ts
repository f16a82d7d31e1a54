/**
 * The protocol's public face: what agent, console and CLI commands import.
 */
export * from './error-codes.js';
export * from './methods.js';
export * from './agent-errors.js';
export * from './agent-client.js';
export * from './connect-agent.js';
export { MAX_FRAME_BYTES } from './ndjson-framing.js';
export { PROTOCOL_VERSION } from '../version.js';
export type { AgentStatus } from './schemas/agent-schemas.js';
export type { ProfileSummary } from './schemas/profile-schemas.js';
export type { AgentEvent, EventTopic, EventType, EventData, EventNotificationParams } from './schemas/event-schemas.js';
