// What the bench scripts share: `--flag value` options and the median they report.

const argv = process.argv.slice(2);

/** The value after `flag` on the command line, or `dflt`. */
export const option = (flag, dflt) => {
  const i = argv.indexOf(flag);
  return i < 0 ? dflt : argv[i + 1];
};

/** Median of the finite values (NaN when there is none). */
export const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
