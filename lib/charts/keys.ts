// Which value paths each chart version's templates read (data/charts/<chart>/<version>/keys.json,
// derived by `npm run chart-data` from the chart package). A key is read when it equals a
// templatePath, or lies under a wholesalePath (toYaml/range/with) and not under a child that the
// template `omit`s (wholesaleExcept). The loader is lib/charts/data.ts.

export { chartKeys, referenceVersionFor, type ChartKeys } from "./data";
