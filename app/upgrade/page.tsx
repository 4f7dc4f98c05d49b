import { UpgradeClient } from "@/components/wizard/upgrade-client";

export const metadata = { title: "Upgrade plan · Kubecost Federation Console" };

/** /upgrade: today's plan and the target line in the browser; the migration is generated in the tab. */
export default function UpgradePage() {
  return <UpgradeClient />;
}
