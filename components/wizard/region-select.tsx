import { AWS_REGIONS } from "@/lib/plan/aws";
import type { ControlProps } from "@/components/ui/field";
import { inputClass } from "@/components/ui/styles";

export function RegionSelect({ value, onChange, control, allowEmpty }: { value: string; onChange: (v: string) => void; control: ControlProps; allowEmpty?: string }) {
  return (
    <select {...control} className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
      {allowEmpty !== undefined && <option value="">{allowEmpty}</option>}
      {AWS_REGIONS.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}
