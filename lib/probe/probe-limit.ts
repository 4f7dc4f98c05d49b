// One limit on what runs against the stores at once: status probes of every target and the
// Thanos full scans they start (a scan lists a whole bucket, so it counts like a probe). The
// server's own targets get `reserved` extra slots that links cannot take, so a flood of wizard
// links never starves the view (and the /api/metrics scrape) of the server's own federation.

export type ProbePriority = "own" | "link";

export interface ProbeLimit {
  /** A release function, or undefined when the queue is full (the caller answers "busy"). */
  acquire(priority: ProbePriority): Promise<(() => void) | undefined>;
  /** Whether acquire would start or queue right now. */
  wouldAccept(priority: ProbePriority): boolean;
  readonly running: number;
  readonly waiting: number;
}

export interface ProbeLimitOptions {
  /** Slots any probe or scan may use. */
  max: number;
  /** Extra slots only the server's own targets may use. */
  reserved: number;
  /** Waiters per priority beyond which acquire answers busy. */
  maxQueued: number;
}

export function createProbeLimit(opts: ProbeLimitOptions): ProbeLimit {
  let running = 0;
  const queues: Record<ProbePriority, Array<() => void>> = { own: [], link: [] };
  const cap = (p: ProbePriority) => (p === "own" ? opts.max + opts.reserved : opts.max);
  const release = () => {
    running--;
    // Own targets first: their waiters may use a slot a link could not.
    for (const p of ["own", "link"] as const) {
      if (queues[p].length > 0 && running < cap(p)) {
        running++;
        queues[p].shift()!();
        return;
      }
    }
  };
  const once = () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  };
  return {
    async acquire(p) {
      if (running < cap(p) && queues[p].length === 0) {
        running++;
        return once();
      }
      if (queues[p].length >= opts.maxQueued) return undefined;
      await new Promise<void>((resolve) => queues[p].push(resolve));
      return once();
    },
    wouldAccept: (p) => running < cap(p) || queues[p].length < opts.maxQueued,
    get running() {
      return running;
    },
    get waiting() {
      return queues.own.length + queues.link.length;
    },
  };
}

/** The process-wide limit the status service and the Thanos full scans share. */
export const sharedProbeLimit = createProbeLimit({ max: 2, reserved: 1, maxQueued: 8 });
