import Link from "next/link";
import { kubecostLine, NEWEST_LINE } from "@/lib/plan/kubecost-lines";
import { METHOD_LABELS } from "@/lib/plan/schema";
import { DEFAULT_ANSWERS, linesText, recommendMethod } from "@/lib/plan/recommend";

// The entry page: what a new install gets today (the same recommendation "Help me choose" gives
// for "Not installed yet", so the two cannot disagree), then where each task lives.

const PAGES = [
  { href: "/setup", title: "Setup wizard", text: "Choose a method, describe your clusters, copy or download the helm commands and files." },
  { href: "/upgrade", title: "Upgrade plan", text: "Move a running federation to the next line (2.x to 2.9 to 3.x, or off Thanos), cluster by cluster, in order." },
  { href: "/doctor", title: "Config doctor", text: "Check a values file against the version you move to, and get it rewritten for that version." },
  { href: "/status", title: "Federation status", text: "Per-cluster freshness from the bucket, the FinOps agents' heartbeats, Thanos blocks and the AMP workspace." },
] as const;

export default function HomePage() {
  const line = kubecostLine(NEWEST_LINE);
  const fresh = recommendMethod(DEFAULT_ANSWERS);
  return (
    <div className="min-w-0 space-y-6">
      <h1 className="text-2xl font-semibold">Kubecost federation, set up and watched</h1>
      <p className="max-w-3xl text-slate-700 dark:text-slate-300">
        One view of cost across many Kubernetes clusters. Kubecost {line.id}, the current line, federates one way: each cluster&apos;s FinOps agent
        writes its cost data to one S3 bucket and the primary reads it. Clusters still on older lines federate as those lines do: Federated ETL
        or Amazon Managed Service for Prometheus ({linesText("federated-etl")}), Thanos ({linesText("thanos-standalone")}). The wizard generates
        every command and file in the order to run them; the status page tells you, per cluster, whether data is arriving.
      </p>
      <section aria-labelledby="new-install" className="max-w-3xl rounded-lg border border-sky-300 bg-sky-50 p-5 dark:border-sky-800 dark:bg-sky-950/40">
        <h2 id="new-install" className="text-lg font-semibold">
          New install: Kubecost {line.id}
        </h2>
        <p className="mt-1 text-sm">
          Recommended: <strong data-testid="home-recommended">{METHOD_LABELS[fresh.method]}</strong>, Kubecost {line.verified}.
        </p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
          {fresh.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        <Link href="/setup" className="mt-3 inline-block text-sm font-medium text-sky-800 underline dark:text-sky-300">
          Start the setup wizard
        </Link>
      </section>
      <div className="grid gap-4 sm:grid-cols-2">
        {PAGES.map((p) => (
          <Link key={p.href} href={p.href} className="block min-w-0 rounded-lg border border-slate-200 p-5 hover:border-sky-500 dark:border-slate-800">
            <h2 className="text-lg font-semibold">{p.title}</h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{p.text}</p>
          </Link>
        ))}
      </div>
    </div>
  );
}
