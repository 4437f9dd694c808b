// A small line chart of the last minutes: one SVG polyline, scaled to its
// own maximum. Decorative next to the number it illustrates, but labelled
// for screen readers with what it shows.

export function Sparkline({
  values,
  label,
  testId,
  width = 240,
  height = 48,
}: {
  values: number[];
  label: string;
  testId: string;
  width?: number;
  height?: number;
}) {
  const max = Math.max(1e-9, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values
    .map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`)
    .join(" ");
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={`${label}: ${values.length} samples, highest ${formatNumber(max)}`}
      data-testid={testId}
      data-points={values.length}
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="2" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}

export function formatNumber(value: number): string {
  if (value === 0) return "0";
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
