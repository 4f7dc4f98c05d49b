import { describe, expect, it } from "vitest";
import { diagnose, type DoctorReport } from "@/lib/doctor/diagnose";
import { parsePlanText } from "@/lib/plan/load";
import { planFromSearchParams } from "@/lib/plan/url";
import { importClusters } from "@/lib/plan/cluster-import";
import { loadStatusConfig } from "@/lib/status/load-config";
import { requestTargetsFromSearchParams, requestTargetsSchema } from "@/lib/status/request-targets";

// Issue 15: user data that becomes objects never reaches Object.prototype, and inherited names
// (constructor, toString) are never taken for data. Each place user data enters is tried here.

const clean = "global:\n  clusterId: prod-east\nfinopsagent:\n  enabled: true\n";

function report(text: string): DoctorReport {
  const r = diagnose({ text, target: "3.2.1" });
  if (!r.ok) throw new Error(r.problems[0].message);
  return r.value;
}

const polluted = () => Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).clusterId !== undefined;

describe("doctor: prototype keys", () => {
  const truth = report(clean);

  for (const text of [
    "__proto__:\n  clusterId: other\n",
    "global:\n  __proto__:\n    clusterId: other\n",
    "constructor:\n  prototype:\n    clusterId: other\n",
    '{"global": {"__proto__": {"clusterId": "other"}}}',
  ]) {
    it(`refuses ${JSON.stringify(text.slice(0, 30))} with a message, and the next clean file gets its true report`, () => {
      const r = diagnose({ text, target: "3.2.1" });
      expect(r).toMatchObject({ ok: false, problems: [{ path: "text", message: expect.stringMatching(/"(__proto__|constructor)" is not allowed as a key/) }] });
      expect(polluted()).toBe(false);
      const after = report(clean);
      expect(after).toEqual(truth);
      expect(after.problems).toEqual([]);
      expect(after.rewritten).not.toContain("other");
    });
  }

  it("does not take an inherited name for a chart key or a type", () => {
    const r = report("toString: 1\nvalueOf:\n  a: 1\nglobal:\n  clusterId: a\n");
    expect(r.types).toEqual([]);
    expect(r.keys.find((k) => k.path === "toString")).toMatchObject({ status: "ignored" });
    expect(JSON.stringify(r)).not.toContain("function");
  });
});

describe("plan, link, config and import: prototype keys", () => {
  it("refuses a plan file with a prototype key, naming where", () => {
    expect(() => parsePlanText('{"method":"amp","kubecost":{"__proto__":{"x":1}}}', "plan.json")).toThrow(/kubecost\.__proto__: "__proto__" is not allowed as a key in plan\.json/);
    expect(() => parsePlanText("method: amp\nconstructor: 1\n", "plan.yaml")).toThrow(/constructor/);
    expect(polluted()).toBe(false);
  });

  it("ignores a link whose method is a prototype name", () => {
    for (const m of ["__proto__", "constructor", "toString"]) expect(planFromSearchParams(new URLSearchParams(`v=1&m=${m}`))).toBeNull();
  });

  it("refuses ?method=__proto__ on the status link (own keys only)", () => {
    for (const m of ["__proto__", "constructor", "hasOwnProperty"]) {
      const r = requestTargetsSchema.safeParse(requestTargetsFromSearchParams(new URLSearchParams(`method=${m}`)));
      expect(r.success, m).toBe(false);
    }
  });

  it("refuses a config file with a prototype key, naming the key and the fix", () => {
    const readFile = () => "etl:\n  bucket: b\n  region: us-east-1\n  __proto__:\n    bucket: other\n";
    const r = loadStatusConfig({ FC_CONFIG: "/etc/fc/status.yaml" }, readFile);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ path: "etl.__proto__", message: expect.stringContaining('etl.__proto__: "__proto__" is not allowed as a key in /etc/fc/status.yaml') });
    expect(polluted()).toBe(false);
  });

  it("reads a CSV column named constructor or __proto__ as unknown, not as a prototype", () => {
    for (const col of ["constructor", "__proto__", "toString"]) {
      const r = importClusters(`id,${col}\nprod-1,x\n`, "csv");
      expect(r).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining(`unknown column "${col}"`) }] });
    }
    expect(polluted()).toBe(false);
  });
});
