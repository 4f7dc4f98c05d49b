// Chart versions (x.y.z, an optional -suffix ignored): compared numerically.

const parts = (v: string) => v.replace(/^v/, "").split(/[-+]/)[0].split(".").map((x) => Number(x) || 0);

export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

export const isChartVersion = (v: string) => /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(v);
