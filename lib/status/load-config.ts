import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { findForbiddenKey, forbiddenKeyMessage, isMap, mergeTrees, setPath } from "@/lib/values/tree";
import type { z } from "zod";
import { fail, ok, problemsFromZod, type Problem, type Result } from "@/lib/problem";
import { statusConfigSchema, type StatusConfig } from "./config";
import { normalizePrefix } from "./request-targets";
import { SOURCE_DEFINITIONS, SOURCE_IDS, STATUS_ENV_VARS } from "./sources";

const BUCKET_SOURCES = SOURCE_IDS.filter((id) => SOURCE_DEFINITIONS[id].bucket);

// Where the status probes look, read once per server process. Precedence, lowest first:
// FC_DEMO_CONFIG (set by scripts/start.ts when it started the demo backends), then the FC_CONFIG
// file, then single FC_* variables, so one variable can override one field of a file.
// Credentials are never part of this config (AWS default provider chain only), so every message
// below can quote values except the endpoint's userinfo, which is scrubbed anyway.

/** Every environment variable the console reads for the status probes, with its config field
 * (the global ones and each source's, from the source registry). */
export { STATUS_ENV_VARS };

/** What the log and the status page say about an invalid config: one line per problem, each with
 * its fix (every config problem carries one, naming the env variable or the file key). */
export function statusConfigMessage(problems: Problem[]): string {
  return "The status configuration is not valid:\n" + problems.map((p) => `- ${p.path || "config"}: ${p.message}. ${p.fix}`).join("\n");
}

/** Thrown inside the loader only, so a nested check can stop it; loadStatusConfig answers a Result. */
class StatusConfigError extends Error {
  constructor(readonly problems: Problem[]) {
    super(statusConfigMessage(problems));
    this.name = "StatusConfigError";
  }
}

/** Each problem's path is the config field ("etl.region", "" for the whole) and its fix names the
 * variable or file key to set. */
export type LoadedConfig = Result<StatusConfig>;

type Env = Record<string, string | undefined>;
type Json = Record<string, unknown>;

const isObject = isMap;

/** Deep merge of plain objects; arrays and scalars from `over` replace those in `base`. Prototype
 * keys in a config file are refused (lib/values/tree.ts). */
const merge = mergeTrees;

const setField = setPath;

/** Numbers and booleans arrive as strings; convert only clean ones so zod names the bad ones. */
function envValue(name: string, raw: string): unknown {
  if (name.endsWith("EXPECTED_CLUSTERS") || name === "FC_ALLOWED_TARGETS") return raw.split(",").map((s) => s.trim()).filter(Boolean);
  if (name === "FC_REFRESH_SECONDS") return /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (name === "FC_ALLOW_REQUEST_TARGETS") {
    const v = raw.trim().toLowerCase();
    return v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : raw;
  }
  return raw.trim();
}

function configFromEnv(env: Env): Json {
  const out: Json = {};
  for (const { name, field } of STATUS_ENV_VARS) {
    const raw = env[name];
    if (!field || raw === undefined || raw.trim() === "") continue;
    setField(out, field, envValue(name, raw));
  }
  // A bucket without its own region takes the SDK's usual region variables.
  const fallbackRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  for (const s of BUCKET_SOURCES) {
    const t = out[s] as Json | undefined;
    if (t?.bucket && !t.region && fallbackRegion) t.region = fallbackRegion;
  }
  return out;
}

function readConfigFile(file: string, readFile: (p: string) => string): Json {
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StatusConfigError([
      {
        path: "",
        message: `FC_CONFIG points at ${file}, which cannot be read (${code ?? "unknown error"})`,
        fix: "Set FC_CONFIG to the path of an existing JSON or YAML file, or unset it and use FC_* variables.",
      },
    ]);
  }
  let parsed: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    parsed = parseYaml(text);
  } catch (err) {
    throw new StatusConfigError([
      {
        path: "",
        message: `${file} is not valid YAML or JSON (${(err as Error).message.split("\n")[0]})`,
        fix: "Fix the syntax at the position shown.",
      },
    ]);
  }
  if (parsed == null) return {};
  if (!isObject(parsed)) {
    throw new StatusConfigError([
      { path: "", message: `${file} must hold an object (keys etl, thanos, amp, ...)`, fix: "See docs/status-api.md for the shape." },
    ]);
  }
  const bad = findForbiddenKey(parsed);
  if (bad !== undefined) throw new StatusConfigError([{ path: bad, message: forbiddenKeyMessage(bad, file), fix: "Remove the key from the file." }]);
  return parsed;
}

function fixFor(field: string, file: string | undefined): string {
  const envVar = STATUS_ENV_VARS.find((v) => v.field === field)?.name;
  const where = [envVar && `set ${envVar}`, file ? `set ${field} in ${path.basename(file)}` : !envVar && `set ${field} in the FC_CONFIG file`]
    .filter(Boolean)
    .join(" or ");
  return where ? `Fix: ${where}.` : "Fix the value in the FC_CONFIG file.";
}

function configProblems(error: z.ZodError, file?: string): Problem[] {
  return problemsFromZod(error).map((p) => ({ ...p, fix: fixFor(p.path, file) }));
}

/** Pure: reads the given env (and the file FC_CONFIG names), validates once, never throws. */
export function loadStatusConfig(env: Env = process.env, readFile = (p: string) => readFileSync(p, "utf8")): LoadedConfig {
  try {
    let raw: Json = {};
    if (env.FC_DEMO_CONFIG) {
      try {
        raw = merge(raw, JSON.parse(env.FC_DEMO_CONFIG) as Json);
      } catch {
        throw new StatusConfigError([
          { path: "", message: "FC_DEMO_CONFIG is not JSON", fix: "Unset FC_DEMO_CONFIG; scripts/start.ts sets it when it starts the demo." },
        ]);
      }
    }
    if (env.FC_CONFIG) raw = merge(raw, readConfigFile(env.FC_CONFIG, readFile));
    raw = merge(raw, configFromEnv(env));
    const parsed = statusConfigSchema.safeParse(raw);
    if (!parsed.success) throw new StatusConfigError(configProblems(parsed.error, env.FC_CONFIG));
    const config = parsed.data;
    for (const id of BUCKET_SOURCES) {
      const section = config[id] as { prefix: string } | undefined;
      if (section) section.prefix = normalizePrefix(section.prefix);
    }
    if (!SOURCE_IDS.some((id) => config[id])) {
      throw new StatusConfigError([
        {
          path: "",
          message: "Nothing to probe: no ETL bucket, Thanos bucket, FinOps agent bucket or AMP workspace is configured",
          fix: "Set FC_ETL_BUCKET + FC_ETL_REGION, FC_THANOS_BUCKET + FC_THANOS_REGION, FC_AGENT_BUCKET + FC_AGENT_REGION, or FC_AMP_REGION + FC_AMP_WORKSPACE_ID (or FC_CONFIG), or run `npm start` with no settings for the demo.",
        },
      ]);
    }
    return ok(config);
  } catch (err) {
    if (err instanceof StatusConfigError) return fail(err.problems);
    throw err;
  }
}

let loaded: LoadedConfig | undefined;

/** The server's config, validated once per process (the env does not change while it runs). */
export function getServerConfig(): LoadedConfig {
  if (!loaded) {
    loaded = loadStatusConfig();
    // Logged once; the messages hold field names and fixes, never credentials (none are configured here).
    if (!loaded.ok) console.error(statusConfigMessage(loaded.problems));
  }
  return loaded;
}
