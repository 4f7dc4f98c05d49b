import { describe, expect, it } from "vitest";
import { describeFact } from "./fact-labels";

describe("detail labels", () => {
  it("reads known figures as words with units", () => {
    expect(describeFact("uploadLagSeconds", 1500)).toEqual({ label: "Upload lag", value: "25 min" });
    expect(describeFact("diagnosticsAgeSeconds", 240)).toEqual({ label: "Newest diagnostics run", value: "4 min ago" });
    expect(describeFact("heartbeatForSeconds", 72 * 3600)).toEqual({ label: "Heartbeats written for", value: "3 d" });
    expect(describeFact("readyFor3x", true)).toEqual({ label: "48 h of heartbeats (ready for a 3.x primary)", value: "yes" });
    expect(describeFact("heartbeatSince", "2026-11-28T12:00:00.000Z")).toEqual({ label: "Oldest heartbeat in the bucket", value: "2026-11-28 12:00:00 UTC" });
  });

  it("never shows a raw field name, even for a fact it does not know", () => {
    expect(describeFact("indexSizeBytes", 5 * 1024 * 1024)).toEqual({ label: "Index size", value: "5.0 MiB" });
    expect(describeFact("oldestGapSeconds", 7200)).toEqual({ label: "Oldest gap", value: "2 h" });
    expect(describeFact("blocks", 1234)).toEqual({ label: "Blocks", value: "1,234" });
  });
});
