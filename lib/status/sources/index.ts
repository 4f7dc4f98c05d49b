import { SOURCES } from "@/lib/health/types";
import type { SourceDefinition, SourceEnvVar, SourceId } from "./definition";
import { etlSource } from "./etl";
import { thanosSource } from "./thanos";
import { ampSource } from "./amp";
import { agentSource } from "./agent";

// The status-source registry: one definition per source (./<id>.ts), one row each here. A new
// source is its file, a row below and its probe in ./probes.ts; the compiler names every other
// place (the Record types). Collection, config loading, thresholds and the page iterate over it.

export type { SourceDefinition, SourceEnvVar, SourceId } from "./definition";

export const SOURCE_DEFINITIONS = {
  etl: etlSource,
  thanos: thanosSource,
  amp: ampSource,
  agent: agentSource,
} as const satisfies Record<SourceId, SourceDefinition>;

/** Every source id (lib/health/types SOURCES). */
export const SOURCE_IDS: readonly SourceId[] = SOURCES;

/** The order reports, headings and the probe list follow. */
export const SOURCE_ORDER: readonly SourceId[] = ["etl", "thanos", "agent", "amp"];

export const sourceDefinition = (id: SourceId): SourceDefinition => SOURCE_DEFINITIONS[id];

/** Environment variables of the console itself (not of one source). */
export const GLOBAL_ENV_VARS: readonly SourceEnvVar[] = [
  { name: "FC_CONFIG", field: "", help: "Path to a JSON or YAML file with the whole status config" },
  { name: "FC_S3_ENDPOINT", field: "s3Endpoint", help: "Custom S3 endpoint (MinIO, a local stand-in); server-side only" },
  { name: "FC_EXPECTED_CLUSTERS", field: "expectedClusters", help: "Comma-separated cluster ids that should be reporting" },
  { name: "FC_ALLOW_REQUEST_TARGETS", field: "allowRequestTargets", help: "true/false (default false): may a wizard link pick bucket, region and clusters; the server's AWS credentials then read what the link names" },
  { name: "FC_ALLOWED_TARGETS", field: "allowedTargets", help: "Comma-separated bucket names and AMP workspace ids a link may name (empty: any)" },
  { name: "FC_REFRESH_SECONDS", field: "refreshSeconds", help: "How often the status page refreshes (seconds, at least 5)" },
  { name: "FC_DATA_DIR", field: "dataDir", help: "Writable directory where the console keeps the clusters it has seen across restarts (unset: memory only)" },
];

/** Every environment variable the status probes read: the global ones and each source's. */
export const STATUS_ENV_VARS: readonly SourceEnvVar[] = [...GLOBAL_ENV_VARS, ...SOURCE_ORDER.flatMap((id) => SOURCE_DEFINITIONS[id].envVars)];

/** The variables set in `env` that give the console its own configuration: FC_CONFIG or any
 * source's variable (FC_AGENT_* included: a 3.x federation is configured by those alone). The
 * demo starts only when this is empty (scripts/start.ts). */
export function ownConfigVariables(env: Record<string, string | undefined>): string[] {
  const names = ["FC_CONFIG", ...SOURCE_ORDER.flatMap((id) => SOURCE_DEFINITIONS[id].envVars.map((v) => v.name))];
  return names.filter((n) => (env[n] ?? "").trim() !== "");
}
