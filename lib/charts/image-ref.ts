// Container image references: parse, print, and the registries known not to serve an image any
// more. One place for both, so the generators, the lint and the doctor agree.

export interface ImageRef {
  /** Registry host, normalised: docker.io for Docker Hub. */
  registry: string;
  /** Path inside the registry (library/ added for Docker Hub's official images). */
  repository: string;
  tag: string;
}

/** Docker's own rule: the first segment is a registry when it has a '.' or ':' or is localhost. */
export function parseImage(reference: string): ImageRef {
  const at = reference.indexOf("@");
  const withoutDigest = at >= 0 ? reference.slice(0, at) : reference;
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  const hasTag = colon > slash;
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : "latest";
  const first = name.split("/")[0];
  const isRegistry = name.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  const registry = isRegistry ? first : "docker.io";
  let repository = isRegistry ? name.slice(first.length + 1) : name;
  if (registry === "docker.io" && !repository.includes("/")) repository = `library/${repository}`;
  return { registry, repository, tag };
}

export const formatImage = (i: ImageRef) => `${i.registry}/${i.repository}:${i.tag}`;

export interface DeadRegistry {
  test: (i: ImageRef) => boolean;
  /** Why the pull fails, for messages. */
  why: string;
  source: string;
}

/** Registries (and tag patterns) that no longer serve what the charts ask for. */
export const DEAD_REGISTRIES: readonly DeadRegistry[] = [
  {
    test: (i) => i.registry === "gcr.io" && i.repository.startsWith("kubecost1/"),
    why: "Kubecost moved its images from gcr.io/kubecost1 to icr.io/kubecost; gcr.io served them only until July 2026",
    source: "https://github.com/kubecost/kubecost/pull/4727",
  },
  {
    test: (i) => i.registry === "docker.io" && i.repository.startsWith("bitnami/") && i.tag !== "latest",
    why: "Bitnami moved every versioned docker.io/bitnami tag to the frozen docker.io/bitnamilegacy on 2025-08-28",
    source: "https://github.com/bitnami/containers/issues/83267",
  },
  {
    test: (i) => i.registry === "cgr.dev" && i.repository.startsWith("chainguard/") && i.tag === "latest",
    why: "Kubecost 2.4.3 replaced the cgr.dev/chainguard :latest images after pull failures",
    source: "https://github.com/kubecost/kubecost/issues/3741",
  },
];

/** Why an image cannot be pulled today, or undefined. */
export function deadImageReason(i: ImageRef): string | undefined {
  const dead = DEAD_REGISTRIES.find((d) => d.test(i));
  return dead ? `${formatImage(i)}: ${dead.why} (${dead.source})` : undefined;
}

/** An image pulled through a mirror: `<mirror>/<source registry>/<repository>:<tag>`, the layout
 * of an ECR pull-through cache rule whose prefix is the source registry's host
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html) and of
 * `crane copy` into one registry. */
export function mirrored(i: ImageRef, mirror: string): ImageRef {
  const slash = mirror.indexOf("/");
  const host = slash >= 0 ? mirror.slice(0, slash) : mirror;
  const path = slash >= 0 ? `${mirror.slice(slash + 1)}/` : "";
  return { registry: host, repository: `${path}${i.registry}/${i.repository}`, tag: i.tag };
}
