import Link from "next/link";

export default function HomePage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Kubecost federation, set up and watched</h1>
      <p className="max-w-3xl text-slate-700 dark:text-slate-300">
        One view of cost across many Kubernetes clusters needs one of three federation methods:
        Thanos (Kubecost 1.x or standalone), Federated ETL (Kubecost 2.x) or Amazon Managed
        Service for Prometheus. The wizard generates every command and file in the order to run
        them; the status page reads the bucket and the AMP workspace and tells you, per cluster,
        whether data is arriving.
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Link
          href="/setup"
          className="block rounded-lg border border-slate-200 p-5 hover:border-sky-500 dark:border-slate-800"
        >
          <h2 className="text-lg font-semibold">Setup wizard</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Choose a method, describe your clusters, copy or download the helm commands and files.
          </p>
        </Link>
        <Link
          href="/status"
          className="block rounded-lg border border-slate-200 p-5 hover:border-sky-500 dark:border-slate-800"
        >
          <h2 className="text-lg font-semibold">Federation status</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Per-cluster freshness from the bucket, Thanos blocks and the AMP workspace.
          </p>
        </Link>
      </div>
    </div>
  );
}
