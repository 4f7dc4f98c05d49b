import { MAX_HEADER_BYTES } from "@/lib/security/url-limit";

// How the image runs the console, in one place: the Dockerfile's ENV/USER/ENTRYPOINT say the
// same (test/deploy/image.test.ts compares them) and the standalone test starts the server with
// exactly this command and environment.

export const IMAGE_WORKDIR = "/app";
export const IMAGE_DATA_DIR = "/data";
export const IMAGE_USER = { uid: 65532, gid: 65532 };
export const IMAGE_PORT = 3000;
export const IMAGE_COMMAND = ["node", "server.js"] as const;

export const IMAGE_ENV: Record<string, string> = {
  NODE_ENV: "production",
  HOSTNAME: "0.0.0.0",
  PORT: String(IMAGE_PORT),
  FC_DATA_DIR: IMAGE_DATA_DIR,
  // Room for long wizard links, so proxy.ts can answer 414 with a message (lib/security/url-limit.ts).
  NODE_OPTIONS: `--max-http-header-size=${MAX_HEADER_BYTES}`,
  NEXT_TELEMETRY_DISABLED: "1",
  // The AWS SDK looks for ~/.aws/config; a uid without a passwd entry has no home directory and
  // os.homedir() throws (ENOENT) on every probe. Nothing is written there.
  HOME: IMAGE_WORKDIR,
};
