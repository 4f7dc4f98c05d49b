import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateUpgrade, type UpgradeRequest } from "@/lib/plan/upgrade";
import { writeBundle, type Sandbox } from "@/test/support/fleet-bundle";
import { buildUpgradeBundle, generateUpgrade } from "./index";
import { GATE_FILE } from "./gate";
import { parsePlanText } from "@/lib/plan/load";
import { EXAMPLES_DIR } from "@/test/support/example-plans";

// Issue 20: the 48 h wait is a command install.sh stops at. Real bash runs upgrade/gate.sh and
// install.sh against the stub tools (test/support/stub-tools.ts), with `aws` answering the
// heartbeat listings the way the AWS CLI does (`--query 'Contents[0].Key' --output text`: the
// first key, or None).

function exampleUpgrade(file: string): UpgradeRequest {
  const r = validateUpgrade(parsePlanText(readFileSync(path.join(EXAMPLES_DIR, file), "utf8"), file));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const HOUR = 3_600_000;
/** A heartbeat's object name, as the FinOps agent writes it: its UTC time, YYYYMMDDHHmmss.json. */
const beatAt = (ms: number) => `${new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14)}.json`;

/** `aws` that records its call (the stub) and answers s3api list-objects-v2 from a folder of
 * listings, one file per prefix ("/" as "_"), or None when there is none. */
const AWS_WITH_LISTINGS = `aws() {
  __stub_tool aws "$@" || return
  local prefix="" i
  local -a args=("$@")
  for ((i = 0; i < \${#args[@]}; i++)); do [ "\${args[i]}" = --prefix ] && prefix="\${args[i+1]}"; done
  local listing="$LISTINGS/\${prefix//\\//_}"
  if [ -z "$prefix" ]; then return 0; fi
  if [ ! -f "$listing" ]; then echo None
  elif [[ " $* " == *" Contents[-1].Key "* ]]; then tail -n 1 "$listing"
  else head -n 1 "$listing"; fi
}
`;

interface Heartbeats { [clusterId: string]: { firstHoursAgo: number; newestMinutesAgo?: number; layout?: "agent-first" | "cluster-first" } | undefined }

function sandbox(req: UpgradeRequest, beats: Heartbeats) {
  const box = writeBundle(buildUpgradeBundle(req));
  const root = path.dirname(box.dir);
  const listings = path.join(root, "listings");
  mkdirSync(listings, { recursive: true });
  const env = path.join(root, "stub-tools-with-listings.bash");
  writeFileSync(env, `source ${JSON.stringify(path.join(root, "stub-tools.bash"))}\n${AWS_WITH_LISTINGS}`);
  const setBeats = (b: Heartbeats) => {
    for (const [id, beat] of Object.entries(b)) {
      if (!beat) continue;
      const folder = beat.layout === "cluster-first" ? `${id}/heartbeat/finops-agent/` : `finops-agent/${id}/heartbeat/`;
      const newest = Date.now() - (beat.newestMinutesAgo ?? 2) * 60_000;
      writeFileSync(path.join(listings, folder.replaceAll("/", "_")), `${folder}${beatAt(Date.now() - beat.firstHoursAgo * HOUR)}\n${folder}${beatAt(newest)}\n`);
    }
  };
  setBeats(beats);
  const vars = { BASH_ENV: env, LISTINGS: listings };
  const gate = (ids: string[] = []) => {
    const r = spawnSync("bash", ["--noprofile", "--norc", path.join(box.dir, GATE_FILE), ...ids], { cwd: root, encoding: "utf8", env: { LANG: "C.UTF-8", PATH: `${path.join(root, "bin")}:/usr/bin:/bin`, STUB_RECORD: box.record, ...vars } as unknown as NodeJS.ProcessEnv });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return { box, gate, install: (args: string[]) => box.run(args, vars), setBeats };
}

const gateStage = (req: UpgradeRequest) => generateUpgrade(req).steps.find((s) => s.id === "bridge-gate-48h")!.stage!.number;
const helmUpgrades = (box: Sandbox, version: string) => box.recorded().filter((a) => a[0] === "helm" && a[1] === "upgrade" && a.includes(version));

describe("the 48 h gate", () => {
  const req = exampleUpgrade("upgrade-etl-to-3x.yaml");
  const ids = req.from.clusters.map((c) => c.id);

  it("exits 0 when every agent has written for 48 h, and its install.sh stage passes", () => {
    const { gate, install } = sandbox(req, Object.fromEntries(ids.map((id) => [id, { firstHoursAgo: 72 }])));
    const r = gate();
    expect(r, r.stdout + r.stderr).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("Ready: 3 cluster(s) have written heartbeats for 48 h or more.");
    for (const id of ids) expect(r.stdout).toMatch(new RegExp(`^ready +${id}: heartbeats since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC, newest at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$`, "m"));
    const stage = install(["--all", "--stage", String(gateStage(req))]);
    expect(stage.code, stage.stdout).toBe(0);
    expect(stage.stdout).toContain(`Summary: 3 succeeded, 0 failed (stage ${gateStage(req)}).`);
  });

  it("exits 1 naming every cluster not ready (no heartbeat; a first one 10 h old), and install.sh names them too", () => {
    const { box, gate, install } = sandbox(req, { [ids[0]]: { firstHoursAgo: 49 }, [ids[1]]: { firstHoursAgo: 10 }, [ids[2]]: undefined });
    const r = gate();
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^NOT READY ${ids[1]}: first heartbeat at .* UTC, less than 48 h ago`, "m"));
    expect(r.stdout).toMatch(new RegExp(`^NOT READY ${ids[2]}: no heartbeat yet under s3://acme-kubecost-federated/finops-agent/${ids[2]}/heartbeat/`, "m"));
    expect(r.stdout).toContain(`Not ready: 2 of 3 clusters: ${ids[1]} ${ids[2]}`);
    expect(r.stdout).not.toContain(`NOT READY ${ids[0]}`);
    // Each cluster's listing asked the bucket for its own heartbeat folder, in the plan's region.
    expect(box.recorded().filter((a) => a[0] === "aws")).toContainEqual(["aws", "s3api", "list-objects-v2", "--bucket", "acme-kubecost-federated", "--prefix", `finops-agent/${ids[1]}/heartbeat/`, "--max-items", "1", "--query", "Contents[0].Key", "--output", "text", "--region", "us-east-1"]);

    const stage = install(["--all", "--stage", String(gateStage(req))]);
    expect(stage.code).toBe(1);
    expect(stage.stdout).toContain(`Summary: 1 succeeded, 2 failed (stage ${gateStage(req)}).`);
    expect(stage.stdout).toMatch(new RegExp(`^ {2}${ids[1]}: \\d\\d-01-gate\\.sh failed: NOT READY ${ids[1]}: first heartbeat at`, "m"));
    expect(stage.stdout).toMatch(new RegExp(`^ {2}${ids[2]}: \\d\\d-01-gate\\.sh failed: NOT READY ${ids[2]}: no heartbeat yet`, "m"));
  });

  it("an agent that wrote for 48 h but stopped is not ready: its newest heartbeat is read too", () => {
    const { box, gate } = sandbox(req, { [ids[0]]: { firstHoursAgo: 72 }, [ids[1]]: { firstHoursAgo: 72, newestMinutesAgo: 180 }, [ids[2]]: { firstHoursAgo: 72, newestMinutesAgo: 20 } });
    const r = gate();
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^NOT READY ${ids[1]}: heartbeats since .* UTC, but the newest is from .* UTC, more than 30 min ago: is its FinOps agent still running\\?`, "m"));
    expect(r.stdout).toContain(`Not ready: 1 of 3 clusters: ${ids[1]}`);
    for (const id of [ids[0], ids[2]]) expect(r.stdout).toMatch(new RegExp(`^ready +${id}: `, "m"));
    // The newest is asked of the folder the oldest was found in.
    expect(box.recorded().filter((a) => a[0] === "aws")).toContainEqual(["aws", "s3api", "list-objects-v2", "--bucket", "acme-kubecost-federated", "--prefix", `finops-agent/${ids[1]}/heartbeat/`, "--query", "Contents[-1].Key", "--output", "text", "--region", "us-east-1"]);
  });

  it("works for upper-case, one-letter and dotted ids, in either heartbeat layout", () => {
    const odd = validateUpgrade({
      ...req.from,
      clusters: [
        { id: "Prod-EU", role: "primary", eksClusterName: "prod-eu", region: "eu-west-1" },
        { id: "x", role: "agent", eksClusterName: "x", region: "us-east-1" },
        { id: "team.a.b", role: "agent", eksClusterName: "team-a-b", region: "us-east-2" },
      ],
      upgradeTo: req.to,
    });
    if (!odd.ok) throw new Error(JSON.stringify(odd.problems));
    const { gate, install, setBeats } = sandbox(odd.value, { "Prod-EU": { firstHoursAgo: 50 }, x: { firstHoursAgo: 1 }, "team.a.b": { firstHoursAgo: 60, layout: "cluster-first" } });
    const r = gate();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ready +Prod-EU: /m);
    expect(r.stdout).toMatch(/^ready +team\.a\.b: /m);
    expect(r.stdout).toContain("Not ready: 1 of 3 clusters: x");
    expect(gate(["x"]).stdout.trim().split("\n").at(-1)).toMatch(/^NOT READY x: first heartbeat at /);
    expect(gate(["team.a.b", "Prod-EU"]).code).toBe(0);
    // A hostile id is refused before any listing.
    expect(gate(["x;touch PWNED"])).toMatchObject({ code: 2, stderr: expect.stringContaining("is not a cluster id") });

    const stage = String(gateStage(odd.value));
    expect(install(["--all", "--stage", stage]).stdout).toContain("Failed clusters: x");
    setBeats({ x: { firstHoursAgo: 48.5 } });
    expect(install(["--all", "--stage", stage]).code).toBe(0);
  });

  it("install.sh --all stops at the gate (no primary moves to 3.x), and a later rerun goes on from there", () => {
    const { box, install, setBeats } = sandbox(req, Object.fromEntries(ids.map((id) => [id, { firstHoursAgo: 2 }])));
    writeFileSync(path.join(box.dir, "productkey.json"), '{"key": "test-enterprise-key"}\n');
    const first = install(["--all"]);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`Stopped at stage ${gateStage(req)}: the stages after it did not run.`);
    expect(helmUpgrades(box, "2.9.7")).toHaveLength(3);
    expect(helmUpgrades(box, "3.2.1")).toEqual([]);

    box.clearRecords();
    setBeats(Object.fromEntries(ids.map((id) => [id, { firstHoursAgo: 49 }])));
    const again = install(["--all"]);
    expect(again.code, again.stdout).toBe(0);
    // Nothing before the gate ran again (its saved values stay those from before the upgrade).
    expect(helmUpgrades(box, "2.9.7")).toEqual([]);
    expect(box.recorded().filter((a) => a[0] === "helm" && a[1] === "get")).toHaveLength(3);
    const v3 = helmUpgrades(box, "3.2.1").map((a) => a[a.indexOf("--kube-context") + 1]);
    expect(v3.sort()).toEqual([...ids].sort());
    // The primary's 3.x stage ran before the agents' (stage by stage).
    const stages = again.stdout.split(/^Stage \d+\n/m);
    const primaryStage = stages.findIndex((s) => /^ok +prod-us-east-1$/m.test(s) && !/^ok +staging$/m.test(s));
    expect(primaryStage).toBeGreaterThan(0);
    expect(stages.slice(primaryStage + 1).join("")).toMatch(/^ok +staging$/m);
  }, 120_000);
});
