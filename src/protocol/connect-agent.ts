/**
 * The two ways a CLI command reaches the agent: `connectAgent()` for a client that lives
 * as long as the caller wants (the console, `events.subscribe`), and `withAgent(fn)` for
 * the usual one-shot command — connect, handshake, run, always close.
 */
import { AgentClient, type AgentClientOptions } from './agent-client.js';

/** Connects and does the `agent.hello` handshake (refusing another protocol major). */
export async function connectAgent(options: AgentClientOptions = {}): Promise<AgentClient> {
  const client = await AgentClient.connect(options);
  try {
    await client.hello();
    return client;
  } catch (error) {
    client.close();
    throw error;
  }
}

/** Runs `fn` with a connected client and closes it afterwards, whatever happens. */
export async function withAgent<T>(fn: (client: AgentClient) => Promise<T>, options: AgentClientOptions = {}): Promise<T> {
  const client = await connectAgent(options);
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}
