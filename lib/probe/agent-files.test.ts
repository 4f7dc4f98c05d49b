import { describe, expect, it } from "vitest";
import { agentFileKeyAt, agentFileTimeMs, failingDiagnostics, kubemodelFileTimeMs, parseHeartbeat } from "./agent-files";

describe("FinOps agent files", () => {
  it("reads the time from both file name forms and sorts listing keys by it", () => {
    const ms = Date.UTC(2026, 11, 1, 12, 15, 0);
    expect(agentFileTimeMs("finops-agent/c1/heartbeat/20261201121500.json")).toBe(ms);
    expect(agentFileTimeMs("c1/heartbeat/finops-agent/hb.20261201121500.json")).toBe(ms);
    expect(agentFileTimeMs("c1/write-test/test.txt")).toBeUndefined();
    expect(agentFileKeyAt("finops-agent/c1/heartbeat/", ms)).toBe("finops-agent/c1/heartbeat/20261201121500");
    expect("finops-agent/c1/heartbeat/20261201121500.json" > agentFileKeyAt("finops-agent/c1/heartbeat/", ms - 1000)).toBe(true);
  });

  it("reads the window start of kubemodel objects, with or without a name prefix and extension", () => {
    const ms = Date.UTC(2026, 11, 1, 11, 0, 0);
    expect(kubemodelFileTimeMs("finops-agent/c1/kubemodel/1h/20261201110000")).toBe(ms);
    expect(kubemodelFileTimeMs("finops-agent/c1/kubemodel/1h/kubemodel.20261201110000.bingen")).toBe(ms);
    expect(kubemodelFileTimeMs("finops-agent/c1/kubemodel/1d/20261201110000.json")).toBe(ms);
    expect(kubemodelFileTimeMs("finops-agent/c1/kubemodel/1h/1764586800-1764590400")).toBeUndefined();
  });

  it("tells producers apart by their metadata, not by what changes each beat", () => {
    const a1 = parseHeartbeat({ id: "x", version: "3.2.1", uptime: 10, metadata: { id: "uid-a", provider: "aws", timestamp: 1 } });
    const a2 = parseHeartbeat({ id: "y", version: "3.2.1", uptime: 310, metadata: { id: "uid-a", provider: "aws", timestamp: 2 } });
    const b = parseHeartbeat({ id: "z", version: "3.2.1", metadata: { id: "uid-b", provider: "aws" } });
    expect(a1?.version).toBe("3.2.1");
    expect(a1?.producer).toBe(a2?.producer);
    expect(a1?.producer).not.toBe(b?.producer);
    expect(parseHeartbeat([1, 2])).toBeUndefined();
    expect(parseHeartbeat({ other: 1 })).toBeUndefined();
  });

  it("names the diagnostics whose error is set", () => {
    expect(failingDiagnostics({ results: [{ name: "prometheusReachable", error: "" }, { name: "kubeStateMetrics", error: "no ksm" }, { id: "bucketWritable", error: "denied" }] })).toEqual(["bucketWritable", "kubeStateMetrics"]);
    expect(failingDiagnostics({ startTime: 1 })).toBeUndefined();
  });
});
