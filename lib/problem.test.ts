import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fail, formatProblems, ok, problemsFromZod } from "./problem";

describe("Problem and Result", () => {
  it("names the field at fault from a zod error, nested paths dotted", () => {
    const schema = z.object({ storage: z.object({ bucket: z.string().min(3, "Bucket names have at least 3 characters") }), clusters: z.array(z.object({ id: z.string() })) });
    const r = schema.safeParse({ storage: { bucket: "a" }, clusters: [{ id: "x" }, { id: 7 }] });
    expect(r.success).toBe(false);
    const problems = problemsFromZod(r.error!);
    expect(problems).toContainEqual({ path: "storage.bucket", message: "Bucket names have at least 3 characters" });
    expect(problems.map((p) => p.path)).toContain("clusters.1.id");
  });

  it("prints one line per problem, the whole input named when there is no path, the fix after the message", () => {
    expect(formatProblems([{ path: "storage.bucket", message: "Bucket names use lowercase letters only" }, { path: "", message: "Empty file" }])).toBe(
      "  - storage.bucket: Bucket names use lowercase letters only\n  - plan: Empty file",
    );
    expect(formatProblems([{ path: "etl.region", message: "Required", fix: "Set FC_ETL_REGION." }], "config")).toBe("  - etl.region: Required. Set FC_ETL_REGION.");
  });

  it("is ok with a value or failed with problems, never both", () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail([{ path: "a", message: "b" }])).toEqual({ ok: false, problems: [{ path: "a", message: "b" }] });
  });
});
