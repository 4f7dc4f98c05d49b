import "server-only";
import { parseAuthConfig } from "./auth";
import { listenProblem } from "./listen-policy";

/** Ends the process when the server would listen beyond loopback without a login (Node only). */
export function refuseUnsafeListen(host: string, env: Record<string, string | undefined> = process.env): void {
  const auth = parseAuthConfig(env);
  const problem = auth.ok ? listenProblem(host, auth.value, env) : auth.problems[0].message;
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
