/**
 * One token acquisition in flight per token source (issue #7): the sync starts up to four
 * mailbox workers at once, and each asked MSAL for a token before any was cached, so the
 * first seconds of a run cost one openid-configuration and one token request per worker.
 * Concurrent callers now wait for the acquisition already under way and share its result
 * (or its failure); once it settles the next call goes to MSAL again, which answers from
 * its cache until the token nears expiry. MSAL keeps the authority's metadata in the same
 * in-memory cache, so with one first acquisition it is fetched once per connector too.
 *
 * The acquisition runs in a GraphRecord of its own; a transport failure it records (TLS,
 * socket code) is copied to each waiting caller's record, so every caller's error keeps
 * the code and not only the one that started the flight.
 */
import { graphContext, type GraphRecord } from './profile-graph-middleware.js';

interface Flight {
  promise: Promise<string>;
  record: GraphRecord;
}

export class TokenSingleFlight {
  private flight: Flight | undefined;

  /** `acquire` runs only when no acquisition is in flight; otherwise the caller joins it. */
  async run(acquire: () => Promise<string>): Promise<string> {
    let flight = this.flight;
    if (flight === undefined) {
      const record: GraphRecord = {};
      const started: Flight = {
        record,
        promise: graphContext.run(record, acquire).finally(() => {
          if (this.flight === started) this.flight = undefined;
        }),
      };
      this.flight = started;
      flight = started;
    }
    try {
      return await flight.promise;
    } catch (error) {
      const caller = graphContext.getStore();
      if (caller && flight.record.transportError && !caller.transportError) caller.transportError = flight.record.transportError;
      throw error;
    }
  }
}
