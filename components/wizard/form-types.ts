import type { PlanDraft } from "@/lib/plan/defaults";

/** What every plan form gets: the draft, a way to change it (naming the field path so its
 * message shows as the admin types), and the message for a path if it should be shown. */
export interface StepFormProps {
  plan: PlanDraft;
  edit: (path: string, next: PlanDraft) => void;
  errorFor: (path: string) => string | undefined;
}
