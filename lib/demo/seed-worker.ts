import { parentPort, workerData } from "node:worker_threads";
import { startSeedableFauxqs } from "./seed-store";
import { seedFleet, type FleetOptions } from "./seed-fleet";

// Worker thread that runs fauxqs holding the bench fleet. Same process, separate heap: the
// store's 400k objects then neither slow the probes' garbage collection nor share their thread,
// the way a real S3 would not.

const opts = workerData as FleetOptions & { stockListing?: boolean };
const started = performance.now();
const store = await startSeedableFauxqs({ byteOrderIndex: !opts.stockListing });
const counts = seedFleet(store, opts);
parentPort!.postMessage({ endpoint: store.endpoint, ...counts, seedMs: Math.round(performance.now() - started) });
parentPort!.on("message", async (m) => {
  if (m === "stop") {
    await store.stop();
    parentPort!.close();
  }
});
