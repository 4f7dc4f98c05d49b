import fc from "fast-check";

// Property tests run with a fixed seed so CI is deterministic; explore new cases locally with
// FC_SEED=<n> npx vitest run (or FC_SEED=random). A failure prints its seed and counterexample.
const raw = process.env.FC_SEED ?? "20261121";
const seed = raw === "random" ? Date.now() ^ (Math.random() * 0x100000000) : Number(raw);
fc.configureGlobal({ seed });
