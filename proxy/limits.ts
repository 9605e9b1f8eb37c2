import { REFUSED, type CloseReason } from './refusals';

/** Sessions in total and per client address. Pure bookkeeping. */
export interface ConnectionLimits {
  /** A release function for an admitted session, or the refusal. */
  admit(client: string): { readonly release: () => void } | { readonly refused: CloseReason };
  readonly total: number;
}

export function createConnectionLimits(maxTotal: number, maxPerClient: number): ConnectionLimits {
  const perClient = new Map<string, number>();
  let total = 0;
  return {
    admit(client) {
      const mine = perClient.get(client) ?? 0;
      if (total >= maxTotal) return { refused: REFUSED.tooManyConnections };
      if (mine >= maxPerClient) return { refused: REFUSED.tooManyFromClient };
      total += 1;
      perClient.set(client, mine + 1);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          total -= 1;
          const left = (perClient.get(client) ?? 1) - 1;
          if (left === 0) perClient.delete(client);
          else perClient.set(client, left);
        },
      };
    },
    get total() {
      return total;
    },
  };
}
