/**
 * Every method handler of the table, assembled from one module per namespace.
 */
import type { MethodHandlers } from '../call-context.js';
import { agentMethods } from './agent-methods.js';
import type { AgentServices } from './agent-services.js';
import { checkMethods } from './check-methods.js';
import { diagnoseMethods } from './diagnose-methods.js';
import { eventMethods } from './event-methods.js';
import { logMethods } from './log-methods.js';
import { profileMethods } from './profile-methods.js';
import { secretMethods } from './secret-methods.js';
import { syncMethods } from './sync-methods.js';
import { syncOverviewMethods } from './sync-overview-methods.js';

export function createMethodHandlers(services: AgentServices): MethodHandlers {
  return {
    ...agentMethods(services),
    ...profileMethods(services),
    ...secretMethods(services),
    ...eventMethods(services),
    ...diagnoseMethods(),
    ...checkMethods(services),
    ...syncMethods(services),
    ...syncOverviewMethods(services),
    ...logMethods(services),
  };
}
