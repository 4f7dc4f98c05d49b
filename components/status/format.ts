import type { Source } from "@/lib/health/types";

// Ages read the same as the verdict reasons because they come from the same function.
export { formatAge } from "@/lib/health/evaluate";

/** Short names for table cells and filters where space is tight. */
export const SOURCE_SHORT: Record<Source, string> = { etl: "ETL", thanos: "Thanos", amp: "AMP", agent: "Agent" };

export const SOURCE_LABELS: Record<Source, string> = {
  etl: "Federated ETL",
  thanos: "Thanos bucket",
  amp: "Amazon Managed Prometheus",
  agent: "FinOps agent (Kubecost 2.9 / 3.x)",
};

/** Local date and time with seconds, so two checks a second apart read differently. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}
