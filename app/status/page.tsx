import { StatusPageClient } from "@/components/status/status-page-client";
import { REQUEST_TARGET_PARAMS } from "@/lib/status/request-targets";
import { Providers } from "../providers";

export const metadata = { title: "Federation status · Kubecost Federation Console" };

/** /status: per-cluster health from the bucket and AMP. Wizard links pass their targets as query
 * parameters (etlBucket, thanosBucket, region, clusters, method...); /api/status validates them. */
export default async function StatusPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const targets: Record<string, string> = {};
  for (const key of REQUEST_TARGET_PARAMS) {
    const v = params[key];
    const value = Array.isArray(v) ? v[0] : v;
    if (value) targets[key] = value;
  }
  // React Query serves this page only: its provider lives here, not in the root layout, so the
  // other pages do not load it (issue 19).
  return (
    <Providers>
      <StatusPageClient targets={targets} />
    </Providers>
  );
}
