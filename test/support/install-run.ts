import { expect } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { buildBundle, generateOutput, type GeneratedFile, type GeneratedOutput } from "@/lib/generate/index";
import { simpleCommands } from "@/lib/generate/shell";
import { WATCH_STEP_ID } from "@/lib/generate/watch-step";
import { APPLICATIONSET_FILE, ARGOCD_DOCS, BUNDLE_REPO_PLACEHOLDER } from "@/lib/generate/gitops/argocd";
import { HELMFILE_DOCS } from "@/lib/generate/gitops/helmfile";
import { installWave } from "@/lib/plan/install-order";
import type { FederationPlan } from "@/lib/plan/schema";
import { supplyInputs, writeBundle, type Sandbox } from "./fleet-bundle";

// One install.sh --all run of a plan's bundle against the stub tools, and the checks that read
// it: the GitOps files install what the run installed, and the run kept the install order.
// Measured 2026-12-05: every example's bundle used to be installed up to four times (fleet.test.ts,
// gitops.test.ts, one-order.test.ts, each its own run), 61 runs and about 40 s of CPU, a bash per
// step script per cluster; now each file runs a plan once and every check reads that run.

export const INSTALL_ENV = { AMP_WORKSPACE_ID: "ws-11111111-2222-3333-4444-555555555555", AWS_ACCOUNT_ID: "123456789012", OIDC_PROVIDER: "oidc.eks.us-east-1.amazonaws.com/id/X" };

export interface InstallRun {
  plan: FederationPlan;
  output: GeneratedOutput;
  bundle: GeneratedFile[];
  box: Sandbox;
  code: number;
  stdout: string;
  stderr: string;
}

/** The plan's first n clusters (a 150-cluster example's other agents repeat their shapes). */
export const firstClusters = (plan: FederationPlan, n: number): FederationPlan => ({ ...plan, clusters: plan.clusters.slice(0, n) });

/** A run made when a test first asks for it, then shared by every test that reads it. Every
 * cluster at once (--parallel 8): the order check holds as well as with one at a time, since the
 * driver waits for a whole wave before it starts the next (lib/generate/fleet/driver.ts,
 * run_agents' `wait` and run_primaries' `wait` per primary), and with eight running a missing
 * wait would show more often, not less. The preflight has its own tests
 * (common/preflight.test.ts); the internal-CA example's CA bundle is a path on the admin's
 * machine that a sandbox does not have. */
export function sharedInstall(plan: FederationPlan): () => InstallRun {
  let run: InstallRun | undefined;
  return () => {
    if (!run) {
      const output = generateOutput(plan);
      const bundle = buildBundle(plan, output);
      const box = writeBundle(bundle);
      supplyInputs(box);
      run = { plan, output, bundle, box, ...box.run(["--all", "--parallel", "8", "--skip-preflight"], INSTALL_ENV) };
    }
    return run;
  };
}

/** Issue 20, "two orders at once": install.sh runs stage by stage ("Stage N" headers); inside every
 * stage the first wave (lib/plan/install-order.ts) finishes before the second starts, and every
 * cluster finishes each stage it has scripts in. */
export function expectWaveOrder({ plan, code, stdout, stderr }: InstallRun): void {
  expect(code, stdout + stderr).toBe(0);
  const wave = new Map(plan.clusters.map((c) => [c.id, installWave(plan, c)]));
  const finishedIn = (text: string) => text.split("\n").filter((l) => /^ok {5}/.test(l)).map((l) => l.split(/\s+/)[1]);
  const stages = stdout.split(/^Stage \d+$/m).slice(1);
  expect(stages.length).toBeGreaterThan(0);
  for (const stage of stages) {
    const finished = finishedIn(stage);
    expect(finished.map((id) => wave.get(id))).toEqual(finished.map((id) => wave.get(id)!).sort());
  }
  expect(new Set(finishedIn(stdout))).toEqual(new Set(plan.clusters.map((c) => c.id)));
}

// The GitOps files install what the scripts install: the helm argv the stubs recorded, read with
// a parser of this module's own, equals the Applications the ApplicationSet generates (expanded
// here as Argo CD's list generator does) and helmfile's releases.

const fill = (s: string) =>
  s.replace(/\$\{(\w+)\}/g, (_, v: keyof typeof INSTALL_ENV) => INSTALL_ENV[v]).replace(/\{\{ requiredEnv "(\w+)" \}\}/g, (_, v: keyof typeof INSTALL_ENV) => INSTALL_ENV[v]);

interface Install {
  context: string;
  release: string;
  repo: string;
  chart: string;
  version: string;
  namespace: string;
  createNamespace: boolean;
  values: string[];
  sets: string[];
}

/** helm upgrade --install argv (as recorded) -> what it installs. */
function fromArgv(argv: string[], repos: Map<string, string>): Install {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 3; i < argv.length; i++) {
    if (argv[i] === "--create-namespace") flags.set("--create-namespace", []);
    else if (argv[i].startsWith("-")) flags.set(argv[i], [...(flags.get(argv[i]) ?? []), argv[++i]]);
    else positional.push(argv[i]);
  }
  const [release, chart] = positional;
  const oci = chart.startsWith("oci://");
  const [repoName, chartName] = oci ? [chart.slice(6, chart.lastIndexOf("/")), chart.slice(chart.lastIndexOf("/") + 1)] : chart.split("/");
  return {
    context: flags.get("--kube-context")![0],
    release,
    repo: oci ? repoName : repos.get(repoName)!,
    chart: chartName,
    version: flags.get("--version")![0],
    namespace: flags.get("--namespace")![0],
    createNamespace: flags.has("--create-namespace"),
    values: flags.get("--values") ?? [],
    sets: flags.get("--set") ?? [],
  };
}

/** Argo CD's list generator with goTemplate and missingkey=error: every {{.key}} from the element. */
function expand(template: unknown, element: Record<string, string>): unknown {
  if (typeof template === "string")
    return template.replace(/\{\{\.(\w+)\}\}/g, (_, k: string) => {
      if (!(k in element)) throw new Error(`map has no entry for key "${k}"`);
      return element[k];
    });
  if (Array.isArray(template)) return template.map((t) => expand(t, element));
  if (template && typeof template === "object") return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, expand(v, element)]));
  return template;
}

interface ChartSource {
  repoURL: string;
  chart: string;
  targetRevision: string;
  helm: { releaseName: string; valueFiles?: string[]; parameters?: { name: string; value: string }[] };
}
type App = { metadata: { name: string; labels: Record<string, string> }; spec: { project: string; sources: [ChartSource, Record<string, string>]; destination: { name: string; namespace: string }; syncPolicy: { syncOptions?: string[] } } };

function fromApplication(app: App): Install {
  const [chart, bundle] = app.spec.sources;
  expect(bundle).toEqual({ repoURL: BUNDLE_REPO_PLACEHOLDER, targetRevision: "HEAD", ref: "bundle" });
  return {
    context: app.spec.destination.name,
    release: chart.helm.releaseName,
    repo: chart.repoURL,
    chart: chart.chart,
    version: chart.targetRevision,
    namespace: app.spec.destination.namespace,
    createNamespace: (app.spec.syncPolicy.syncOptions ?? []).includes("CreateNamespace=true"),
    values: (chart.helm.valueFiles ?? []).map((f) => {
      expect(f.startsWith("$bundle/"), f).toBe(true);
      return f.slice("$bundle/".length);
    }),
    sets: (chart.helm.parameters ?? []).map((p) => fill(`${p.name}=${p.value}`)),
  };
}

const key = (i: Install) => JSON.stringify(i);

/** The ApplicationSet's Applications and helmfile's releases equal the helm installs of the run. */
export function expectGitOpsEqualsInstalls({ plan, output, bundle, box, code, stderr }: InstallRun): void {
  expect(code, stderr).toBe(0);
  const paths = new Set(bundle.map((f) => f.path));
  const repos = new Map<string, string>();
  for (const argv of output.fleet.steps.flatMap((s) => s.commands.flatMap(simpleCommands))) {
    if (argv[0] === "helm" && argv[1] === "repo" && argv[2] === "add") repos.set(argv[3] as string, argv[4] as string);
  }
  // Helm installs STEPS.md runs itself would count too; the only one is the console's own
  // optional watch step, which installs from a checkout, not from the GitOps files.
  const direct = output.fleet.steps
    .filter((s) => s.id !== WATCH_STEP_ID)
    .flatMap((s) => s.commands.flatMap(simpleCommands))
    .filter((a) => a[0] === "helm" && a[1] === "upgrade");
  expect(direct).toEqual([]);
  const installed = box.recorded().filter((a) => a[0] === "helm" && a[1] === "upgrade" && a[2] === "--install").map((a) => fromArgv(a, repos));
  expect(installed.length).toBeGreaterThanOrEqual(plan.clusters.length);
  const want = installed.map(key).sort();

  // Argo CD ApplicationSet
  const appsetFile = bundle.find((f) => f.path === APPLICATIONSET_FILE)!;
  expect(appsetFile.content).toContain(ARGOCD_DOCS);
  const docs = parseAllDocuments(appsetFile.content).map((d) => d.toJS());
  const apps: App[] = [];
  for (const doc of docs) {
    expect(doc).toMatchObject({ apiVersion: "argoproj.io/v1alpha1", kind: "ApplicationSet", metadata: { namespace: "argocd" }, spec: { goTemplate: true, goTemplateOptions: ["missingkey=error"] } });
    // strategy: the install order as a RollingSync (checked in gitops/one-order.test.ts).
    expect(Object.keys(doc.spec).filter((k) => k !== "strategy").sort()).toEqual(["generators", "goTemplate", "goTemplateOptions", "template"]);
    expect(doc.spec.generators).toHaveLength(1);
    const elements = doc.spec.generators[0].list.elements as Record<string, string>[];
    // One template for however many clusters: the template does not name any cluster.
    const template = JSON.stringify(doc.spec.template);
    for (const c of plan.clusters) expect(template).not.toContain(`clusters/${c.id}/`);
    for (const e of elements) apps.push(expand(doc.spec.template, e) as App);
  }
  const names = apps.map((a) => a.metadata.name);
  expect(new Set(names).size).toBe(names.length);
  for (const n of names) expect(n).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  const fromApps = apps.map(fromApplication);
  for (const a of fromApps) for (const v of a.values) expect(paths.has(v), v).toBe(true);
  expect(fromApps.map(key).sort()).toEqual(want);

  // helmfile
  const hf = bundle.find((f) => f.path === "helmfile.yaml" || f.path === "helmfile.yaml.gotmpl")!;
  expect(hf.content).toContain(HELMFILE_DOCS);
  // requiredEnv only renders in a .gotmpl helmfile.
  expect(hf.path.endsWith(".gotmpl")).toBe(hf.content.includes("requiredEnv"));
  const helmfile = parse(hf.content) as {
    repositories?: { name: string; url: string }[];
    releases: { name: string; namespace: string; chart: string; version: string; kubeContext: string; createNamespace?: boolean; labels: { cluster: string }; values?: string[]; set?: { name: string; value: string }[] }[];
  };
  const hfRepos = new Map((helmfile.repositories ?? []).map((x) => [x.name, x.url]));
  const idByContext = new Map<string, string>();
  for (const c of plan.clusters) if (!idByContext.has(c.kubeContext ?? c.id)) idByContext.set(c.kubeContext ?? c.id, c.id);
  const fromHelmfile = helmfile.releases.map((rel) => {
    const oci = rel.chart.startsWith("oci://");
    const [repoName, chartName] = oci ? [rel.chart.slice(6, rel.chart.lastIndexOf("/")), rel.chart.slice(rel.chart.lastIndexOf("/") + 1)] : rel.chart.split("/");
    expect(rel.labels.cluster).toBe(idByContext.get(rel.kubeContext));
    return {
      context: rel.kubeContext,
      release: rel.name,
      repo: oci ? repoName : hfRepos.get(repoName),
      chart: chartName,
      version: rel.version,
      namespace: rel.namespace,
      createNamespace: rel.createNamespace === true,
      values: rel.values ?? [],
      sets: (rel.set ?? []).map((s) => fill(`${s.name}=${s.value}`)),
    } as Install;
  });
  expect(fromHelmfile.map(key).sort()).toEqual(want);
}
