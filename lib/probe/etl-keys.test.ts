import { describe, expect, it } from "vitest";
import { familyJumpKey, parseBingenPath, resolutionSeconds } from "./etl-keys";

describe("bingen key names", () => {
  it("parses plain and prefixed ranges", () => {
    expect(parseBingenPath("allocations/1d/1704067200-1704153600")).toMatchObject({
      series: "allocations/1d",
      namePrefix: "",
      startSec: 1704067200,
      endSec: 1704153600,
      startDigits: 10,
    });
    expect(parseBingenPath("assets/1h/v2.1704067200-1704070800")).toMatchObject({ namePrefix: "v2.", startSec: 1704067200 });
    expect(parseBingenPath("allocations/1d/notes.txt")).toBeUndefined();
    expect(parseBingenPath("allocations/1704067200-1704153600")).toBeUndefined();
  });

  it("jump keys sort after older files and before newer ones of the same family", () => {
    const base = "federated/a/etl/bingen/";
    const f = parseBingenPath("allocations/1h/1704067200-1704070800")!;
    const jump = familyJumpKey(base, f, 1704100000)!;
    expect(`${base}allocations/1h/1704067200-1704070800` < jump).toBe(true);
    expect(`${base}allocations/1h/1704100000-1704103600` > jump).toBe(true);
    expect(`${base}allocations/1h/1704099999-1704103599` < jump).toBe(true);
  });

  it("refuses to jump across digit counts, where byte order is not time order", () => {
    const f = parseBingenPath("allocations/1h/999999999-1000003599")!; // 9 digits (2001)
    expect(familyJumpKey("", f, 1704100000)).toBeUndefined();
    // Byte order would put the 9-digit (older) file after the 10-digit one:
    expect("999999999" > "1704100000").toBe(true);
  });

  it("knows resolution lengths", () => {
    expect(resolutionSeconds("1h")).toBe(3600);
    expect(resolutionSeconds("1d")).toBe(86400);
    expect(resolutionSeconds("1w")).toBe(604800);
    expect(resolutionSeconds("odd")).toBe(604800);
  });
});
