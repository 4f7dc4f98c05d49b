import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IMAGE_COMMAND, IMAGE_DATA_DIR, IMAGE_ENV, IMAGE_PORT, IMAGE_USER, IMAGE_WORKDIR } from "@/lib/deploy/image";

// The Dockerfile cannot be built here (no container engine, no base image), so its runtime stage
// is compared with lib/deploy/image.ts, which the standalone test starts the server with.

const root = path.resolve(import.meta.dirname, "../..");
const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");
const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
const lines = runtime.split("\n").map((l) => l.trim());
const instruction = (name: string) => lines.filter((l) => l.startsWith(`${name} `)).map((l) => l.slice(name.length + 1));

describe("Dockerfile runtime stage", () => {
  it("runs the same command, environment and user as lib/deploy/image.ts", () => {
    expect(JSON.parse(instruction("CMD")[0])).toEqual([...IMAGE_COMMAND]);
    expect(instruction("USER")).toEqual([`${IMAGE_USER.uid}:${IMAGE_USER.gid}`]);
    expect(instruction("WORKDIR")).toEqual([IMAGE_WORKDIR]);
    expect(instruction("EXPOSE")).toEqual([String(IMAGE_PORT)]);
    const env = Object.fromEntries(instruction("ENV").map((e) => e.split(/=(.*)/s).slice(0, 2)));
    expect(env).toEqual(IMAGE_ENV);
    expect(runtime).toContain(`chown ${IMAGE_USER.uid}:${IMAGE_USER.gid} ${IMAGE_DATA_DIR}`);
  });

  it("copies only the standalone output into the runtime stage", () => {
    expect(instruction("COPY")).toEqual(["--from=build /src/.next-standalone/standalone/ /app/"]);
    const ignore = readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n");
    for (const p of ["node_modules", ".next-*", ".tools", ".env*"]) expect(ignore).toContain(p);
  });
});
