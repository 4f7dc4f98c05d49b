// Federated ETL key names (https://github.com/opencost/opencost/blob/develop/core/pkg/exporter/pathing/bingenpath_test.go):
//   <prefix>federated/<cluster_id>/etl/bingen/<pipeline>/<resolution>/[<namePrefix>.]<startUnix>-<endUnix>
// S3 lists keys in byte order. Byte order equals numeric order only between start times with the
// same number of digits (every unix second from 2001 to 2286 has 10), so a jump key is built only
// from a file of the same family (same name prefix, same digit count).

export interface EtlFileName {
  pipeline: string;
  resolution: string;
  /** "<pipeline>/<resolution>" */
  series: string;
  /** Text before the range including its trailing ".", or "". */
  namePrefix: string;
  startSec: number;
  endSec: number;
  startDigits: number;
}

const NAME = /^(?:(.+\.))?(\d+)-(\d+)$/;

/** Parses "<pipeline>/<resolution>/<name>" (the part after bingen/); undefined if it is not a bingen file. */
export function parseBingenPath(rel: string): EtlFileName | undefined {
  const parts = rel.split("/");
  if (parts.length !== 3) return undefined;
  const [pipeline, resolution, name] = parts;
  const m = NAME.exec(name);
  if (!m || !pipeline || !resolution) return undefined;
  return {
    pipeline,
    resolution,
    series: `${pipeline}/${resolution}`,
    namePrefix: m[1] ?? "",
    startSec: Number(m[2]),
    endSec: Number(m[3]),
    startDigits: m[2].length,
  };
}

/** Seconds in a resolution like "1h", "1d", "1w", "30m"; a week when unknown (the widest seen). */
export function resolutionSeconds(res: string): number {
  const m = /^(\d+)([mhdw])$/.exec(res);
  if (!m) return 7 * 86_400;
  const unit = { m: 60, h: 3_600, d: 86_400, w: 604_800 }[m[2] as "m" | "h" | "d" | "w"];
  return Number(m[1]) * unit;
}

/**
 * The StartAfter that skips the files of `file`'s family starting before `fromSec` (exclusive
 * StartAfter, so a file starting exactly at fromSec is kept). Undefined when fromSec has a
 * different digit count: then byte order says nothing about time and we must not skip.
 */
export function familyJumpKey(seriesBase: string, file: EtlFileName, fromSec: number): string | undefined {
  const from = String(Math.max(0, Math.floor(fromSec)));
  if (from.length !== file.startDigits) return undefined;
  return `${seriesBase}${file.series}/${file.namePrefix}${from}`;
}
