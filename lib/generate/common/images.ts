import { parse } from "yaml";
import type { FederationPlan } from "@/lib/plan/schema";
import { formatImage, imageOverrides, manifestImages, mirrorSource, parseImage, pulledImages, type ImageRef } from "@/lib/charts/images";
import { mergeValues, type Values } from "./values";
import type { ChartRef, GeneratedCommand, Step } from "../types";

// Images in generated values: dead defaults replaced, everything through the plan's mirror, and
// the step that lists what to copy into the mirror.

export const IMAGES_FILE = "images.txt";

/** A chart's values with the image overrides it needs (lib/charts/images.ts). */
export function withImages(plan: FederationPlan, ref: ChartRef, values: Values): Values {
  return mergeValues(values, imageOverrides(ref, values, plan.kubecost.imageMirror));
}

/** Every image the generated files pull, as the source image (before the mirror). */
export function sourceImages(plan: FederationPlan, steps: Step[], commandImages: string[] = []): string[] {
  const mirror = plan.kubecost.imageMirror;
  const found: ImageRef[] = commandImages.map(parseImage);
  for (const f of steps.flatMap((s) => s.files)) {
    if (f.language !== "yaml" || f.objstore) continue;
    const doc = parse(f.content);
    found.push(...(f.chartValues ? pulledImages(f.chartValues, doc) : manifestImages(doc)));
  }
  const sources = found.map((i) => (mirror ? (mirrorSource(i, mirror) ?? i) : i)).map(formatImage);
  return [...new Set(sources)].sort();
}

/** With a mirror: images.txt (source -> mirror) and one `crane copy` per image, after the
 * prerequisites. Without one the steps are returned unchanged. `commandImages`: images the
 * commands run (kubectl run --image). */
export function withMirrorStep(plan: FederationPlan, steps: Step[]): Step[];
export function withMirrorStep(plan: FederationPlan, commandImages: string[], steps: Step[]): Step[];
export function withMirrorStep(plan: FederationPlan, a: Step[] | string[], b?: Step[]): Step[] {
  const [commandImages, steps] = b ? [a as string[], b] : [[], a as Step[]];
  const mirror = plan.kubecost.imageMirror;
  if (!mirror) return steps;
  const images = sourceImages(plan, steps, commandImages);
  const target = (src: string) => `${mirror}/${src}`;
  const commands: GeneratedCommand[] = images.map((src, i) => ({
    argv: ["crane", "copy", src, target(src)],
    ...(i === 0 ? { comment: `Copy every image into ${mirror} (crane: https://github.com/google/go-containerregistry/tree/main/cmd/crane)` } : {}),
  }));
  const step: Step = {
    id: "mirror-images",
    title: `Copy the images into ${mirror}`,
    why: "Every values file pulls its images through the mirror: each must be there before its chart installs.",
    phase: "prerequisites",
    files: [
      {
        path: IMAGES_FILE,
        content: images.map((src) => `${src} ${target(src)}`).join("\n") + "\n",
        language: "text",
        description: "Every image the charts pull: source, then its name in the mirror",
      },
    ],
    commands,
    note: `An ECR pull-through cache needs no copying: create one rule per source registry with the registry host as its prefix (for example quay.io), and the images arrive on first pull (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html; Docker Hub and ghcr.io rules need credentials in Secrets Manager). A registry ECR cannot cache, such as icr.io, takes the crane copy lines.`,
  };
  const [first, ...rest] = steps;
  return [first, step, ...rest];
}
