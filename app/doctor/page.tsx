import { DoctorClient } from "@/components/doctor/doctor-client";

export const metadata = { title: "Config doctor · Kubecost Federation Console" };

/** /doctor: the doctor runs in the browser (a values file may hold keys; it never leaves the tab). */
export default function DoctorPage() {
  return <DoctorClient />;
}
