// Per-client budget for link probes (FC_ALLOW_REQUEST_TARGETS): each client may start at most
// `perMinute` new link probes in a sliding minute. Cached answers cost nothing and never count.
// Bounded: at most maxClients clients are tracked (the least recently seen forgotten first).

export interface LinkRateLimit {
  /** Seconds until `client` may start another probe; 0 = it may now (and the start is counted). */
  take(client: string, nowMs: number): number;
}

export function createLinkRateLimit(perMinute: number, maxClients = 10_000): LinkRateLimit {
  const starts = new Map<string, number[]>();
  return {
    take(client, nowMs) {
      const recent = (starts.get(client) ?? []).filter((t) => nowMs - t < 60_000);
      starts.delete(client);
      if (recent.length >= perMinute) {
        starts.set(client, recent);
        return Math.max(1, Math.ceil((recent[0] + 60_000 - nowMs) / 1000));
      }
      recent.push(nowMs);
      starts.set(client, recent);
      while (starts.size > maxClients) starts.delete(starts.keys().next().value!);
      return 0;
    },
  };
}
