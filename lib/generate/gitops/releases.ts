import type { FederationPlan } from "@/lib/plan/schema";
import { kubeContextOf } from "../common/naming";
import { simpleCommands, type ShellWord } from "../shell";
import type { GeneratedPlan } from "../types";
import { WATCH_STEP_ID } from "../watch-step";

// Helm releases read back from the generated `helm upgrade --install` argv (whatever step or
// generator emitted them), so the GitOps files install exactly what the scripts install.

export interface HelmRelease {
  clusterId: string;
  kubeContext: string;
  release: string;
  /** The chart as helm names it: "kubecost/cost-analyzer" or "oci://...". */
  chart: string;
  /** https:// repository (from `helm repo add`) or the oci:// reference's registry path. */
  repo: { kind: "https"; name: string; url: string } | { kind: "oci"; url: string };
  /** The chart's own name ("cost-analyzer"). */
  chartName: string;
  version: string;
  namespace: string;
  createNamespace: boolean;
  valuesFiles: string[];
  /** --set pairs in order; a value may expand a shell variable (${AMP_WORKSPACE_ID}). */
  sets: { name: string; value: ShellWord }[];
}

const word = (w: ShellWord | undefined, what: string): string => {
  if (typeof w !== "string") throw new Error(`helm ${what} must be a literal word`);
  return w;
};

/** One `helm upgrade --install` argv -> its release. Any flag it does not know is an error, so a
 * generator adding one shows up in the tests instead of being dropped from the GitOps files. */
export function parseHelmInstall(argv: ShellWord[], repos: Map<string, string>, contextToCluster: Map<string, string>): HelmRelease {
  if (argv[0] !== "helm" || argv[1] !== "upgrade" || argv[2] !== "--install") throw new Error("not a helm upgrade --install");
  const positional: string[] = [];
  const r: Partial<HelmRelease> & { valuesFiles: string[]; sets: HelmRelease["sets"] } = { valuesFiles: [], sets: [], createNamespace: false };
  for (let i = 3; i < argv.length; i++) {
    const w = argv[i];
    if (typeof w !== "string") throw new Error(`helm argument ${i} expands a variable outside --set`);
    const value = () => argv[++i];
    switch (w) {
      case "--namespace": r.namespace = word(value(), "--namespace"); break;
      case "--create-namespace": r.createNamespace = true; break;
      case "--version": r.version = word(value(), "--version"); break;
      case "--kube-context": r.kubeContext = word(value(), "--kube-context"); break;
      case "--values": case "-f": r.valuesFiles.push(word(value(), "--values")); break;
      case "--set": {
        const v = value();
        const text = typeof v === "string" ? v : v.template;
        const eq = unescapedEquals(text);
        if (eq < 0) throw new Error(`--set ${text} has no '='`);
        const name = text.slice(0, eq);
        const rest = text.slice(eq + 1);
        r.sets.push({ name, value: typeof v === "string" ? rest : { template: rest } });
        break;
      }
      default:
        if (w.startsWith("-")) throw new Error(`helm flag ${w} is not carried into GitOps files yet`);
        positional.push(w);
    }
  }
  const [release, chart] = positional;
  if (!release || !chart || positional.length !== 2) throw new Error(`helm upgrade --install needs a release and a chart, got ${positional.join(" ")}`);
  if (!r.kubeContext || !r.namespace || !r.version) throw new Error(`helm install of ${release} lacks --kube-context, --namespace or --version`);
  const clusterId = contextToCluster.get(r.kubeContext);
  if (!clusterId) throw new Error(`helm install of ${release} targets context ${r.kubeContext}, which is no cluster's`);
  let repo: HelmRelease["repo"];
  let chartName: string;
  if (chart.startsWith("oci://")) {
    const ref = chart.slice("oci://".length);
    chartName = ref.slice(ref.lastIndexOf("/") + 1);
    repo = { kind: "oci", url: ref.slice(0, ref.lastIndexOf("/")) };
  } else {
    const [name, c, ...more] = chart.split("/");
    const url = repos.get(name);
    if (!url || !c || more.length) throw new Error(`chart ${chart} is from no repository a helm repo add command added`);
    chartName = c;
    repo = { kind: "https", name, url };
  }
  return { clusterId, kubeContext: r.kubeContext, release, chart, repo, chartName, version: r.version, namespace: r.namespace, createNamespace: !!r.createNamespace, valuesFiles: r.valuesFiles, sets: r.sets };
}

/** helm --set splits name=value at the first '=' not escaped by a backslash. */
function unescapedEquals(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === "=") return i;
  }
  return -1;
}

/** Every helm release the plan's commands install, in run order. The console's own optional
 * watch step is not one: it installs from a checkout of this repository (docs/deploy.md). */
export function helmReleases(plan: FederationPlan, generated: GeneratedPlan): HelmRelease[] {
  const all = generated.steps.filter((s) => s.id !== WATCH_STEP_ID).flatMap((s) => s.commands.flatMap(simpleCommands));
  const repos = new Map<string, string>();
  for (const argv of all) {
    if (argv[0] === "helm" && argv[1] === "repo" && argv[2] === "add") repos.set(word(argv[3], "repo name"), word(argv[4], "repo url"));
  }
  const contexts = new Map(plan.clusters.map((c) => [kubeContextOf(c), c.id]));
  return all.filter((argv) => argv[0] === "helm" && argv[1] === "upgrade" && argv[2] === "--install").map((argv) => parseHelmInstall(argv, repos, contexts));
}
