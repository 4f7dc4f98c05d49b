import { WizardClient } from "@/components/wizard/wizard-client";

export const metadata = { title: "Setup wizard · Kubecost Federation Console" };

/** /setup: the wizard is a client component (plan, keys and generation stay in the browser). */
export default function SetupPage() {
  return <WizardClient />;
}
