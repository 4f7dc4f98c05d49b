import type { CoverageDay } from "@/lib/health/types";

// Hours covered per day as bars. The label and a visible hour count carry the numbers, so the
// chart does not rely on bar height or color alone.

function barClass(hours: number) {
  if (hours >= 23.5) return "fill-emerald-500 dark:fill-emerald-400";
  if (hours > 0) return "fill-amber-500 dark:fill-amber-400";
  return "fill-rose-500 dark:fill-rose-400";
}

export function coverageLabel(days: CoverageDay[]): string {
  return `Coverage, last ${days.length} days: ${days.map((d) => `${d.day} ${round(d.coveredHours)} of 24 hours`).join("; ")}`;
}

const round = (h: number) => Math.round(h * 10) / 10;

/** Full chart for the details panel. */
export function CoverageTimeline({ days }: { days: CoverageDay[] }) {
  if (days.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No coverage data.</p>;
  const barWidth = 36;
  const gap = 8;
  const height = 80;
  const width = days.length * (barWidth + gap);
  return (
    <svg role="img" aria-label={coverageLabel(days)} viewBox={`0 0 ${width} ${height + 34}`} className="h-auto w-full max-w-md">
      {days.map((d, i) => {
        const h = Math.max(2, (Math.min(24, d.coveredHours) / 24) * height);
        const x = i * (barWidth + gap);
        return (
          <g key={d.day}>
            <title>{`${d.day}: ${round(d.coveredHours)} h covered`}</title>
            <rect x={x} y={0} width={barWidth} height={height} rx={3} className="fill-slate-100 dark:fill-slate-800" />
            <rect x={x} y={height - h} width={barWidth} height={h} rx={3} className={barClass(d.coveredHours)} />
            <text x={x + barWidth / 2} y={height + 13} textAnchor="middle" className="fill-slate-700 text-[10px] dark:fill-slate-300">
              {round(d.coveredHours)}h
            </text>
            <text x={x + barWidth / 2} y={height + 28} textAnchor="middle" className="fill-slate-600 text-[10px] dark:fill-slate-400">
              {d.day.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Row-sized version for the table; the percentage beside it is the accessible figure. */
export function CoverageSparkline({ days }: { days: CoverageDay[] }) {
  if (days.length === 0) return <span className="text-slate-500 dark:text-slate-400">–</span>;
  const total = days.reduce((s, d) => s + Math.min(24, d.coveredHours), 0);
  const pct = Math.round((total / (days.length * 24)) * 100);
  return (
    <span className="inline-flex items-center gap-2">
      <svg aria-hidden="true" width={days.length * 6} height={16} className="shrink-0">
        {days.map((d, i) => {
          const h = Math.max(1, (Math.min(24, d.coveredHours) / 24) * 16);
          return <rect key={d.day} x={i * 6} y={16 - h} width={4} height={h} className={barClass(d.coveredHours)} />;
        })}
      </svg>
      <span className="tabular-nums">{pct}%</span>
    </span>
  );
}
