// `npx tsx scripts/bench-doctor.ts`: how long the config doctor takes on inputs of about 1 MB of
// every shape (issue 15: 70,000 keys once took 40 s). Each input is answered or refused with a
// message; the doctor's budget is under 2 s for any of them. Prints one line per shape (wall time,
// answered or refused, the message's start) and a JSON object last for scripts.
import { diagnose } from "@/lib/doctor/diagnose";
import { MAX_ENTRIES } from "@/lib/values/parse";

const MB = 1_000_000;

function fill(head: string, line: (i: number) => string, tail = "", limit = MB - 64): string {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const l = line(i);
    if (size + l.length > limit) break;
    parts.push(l);
    size += l.length;
  }
  return parts.join("") + tail;
}

const shapes: Record<string, string> = {
  "one map, 1 MB of keys (block)": fill("global:\n", (i) => `  k${i}: ${i}\n`),
  "one map, 1 MB of keys (flow, one line)": fill("{", (i) => `a${i}: 1, `, "z: 1}"),
  "JSON, 1 MB of keys": fill('{"g":{', (i) => `"k${i}":${i},`, '"z":0}}'),
  "many small maps": fill("", (i) => `m${i}:\n  a: 1\n  b: 2\n`),
  "deep nesting": "a:\n" + Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i + 1)}b${i}:\n`).join("") + " ".repeat(1001) + "x: 1\n",
  "one 1 MB string": `global:\n  clusterId: "${"x".repeat(MB - 40)}"\n`,
  "a list of 1 MB": fill("podAnnotations:\n  l:\n", (i) => `    - item-${i}\n`),
  "colons in strings": fill("global:\n", (i) => `  u${i}: "http://a:b:c:d:e/${i}"\n`),
  [`${(MAX_ENTRIES - 100).toLocaleString("en-US")} keys (just under the budget)`]: Array.from({ length: MAX_ENTRIES - 100 }, (_, i) => `k${i}: ${i}`).join("\n"),
  "anchors and aliases": "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n" + Array.from({ length: 99 }, (_, i) => `b${i}: *a`).join("\n"),
};

// Warm up the parser and the chart tables once, as a tab that has checked one file has.
diagnose({ text: "global:\n  clusterId: a\n", target: "3.2.1" });

const results: { shape: string; bytes: number; ms: number; answered: boolean }[] = [];
for (const [shape, text] of Object.entries(shapes)) {
  const t0 = performance.now();
  const r = diagnose({ text, target: "3.2.1" });
  const ms = performance.now() - t0;
  results.push({ shape, bytes: text.length, ms: Math.round(ms), answered: r.ok });
  const what = r.ok ? `answered (${r.value.keys.length} keys)` : `refused: ${r.problems[0].message.slice(0, 70)}...`;
  console.log(`${shape.padEnd(44)} ${(text.length / 1000).toFixed(0).padStart(5)} KB ${(ms / 1000).toFixed(2).padStart(6)} s  ${what}`);
}
const worst = Math.max(...results.map((r) => r.ms));
console.log(`slowest: ${(worst / 1000).toFixed(2)} s (budget 2 s)`);
console.log(JSON.stringify({ doctor: results, slowestMs: worst }));
