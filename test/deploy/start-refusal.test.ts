import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `npm start` checks the listen rule before it builds or starts anything.
const root = path.resolve(import.meta.dirname, "../..");

describe("npm start beyond loopback", () => {
  it("refuses 0.0.0.0 without a login and names the fix", () => {
    const env = { ...process.env, FC_ETL_BUCKET: "team-etl", FC_ETL_REGION: "us-east-1", FC_AUTH: "", FC_ALLOW_ANONYMOUS: "" };
    // tsx as a loader, without npx (npx alone cost about a second of CPU per spawn).
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts", "--host", "0.0.0.0", "--port", "3515"], { cwd: root, env, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Refusing to listen on 0.0.0.0 without a login");
    expect(r.stderr).toContain("FC_ALLOW_ANONYMOUS=true");
    expect(r.stdout).not.toContain("Building the console");
  });
});
