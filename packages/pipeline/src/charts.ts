import type { DashboardChart } from "@lakehouse/components";
import { Resvg } from "@resvg/resvg-js";

/**
 * A dashboard visual (the analytics layer's chart definition: bar or line, category, colour,
 * values) drawn from a report's rows as SVG, and rasterised to PNG by resvg (its binary ships
 * inside the npm package; fonts are the system's).
 */
const W = 760;
const H = 380;
const M = { top: 48, right: 170, bottom: 56, left: 64 };
const PALETTE = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0ea5e9", "#64748b"];
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function chartSvg(chart: DashboardChart, rows: Record<string, unknown>[]): string {
  const label = (v: unknown) => (v === null || v === undefined ? "(none)" : String(v));
  const categories = [...new Set(rows.map((r) => label(r[chart.category.column])))].sort();
  const series: { name: string; value: (category: string) => number }[] = chart.color
    ? [...new Set(rows.map((r) => label(r[chart.color as string])))].sort().map((name) => ({
        name,
        value: (c) =>
          rows
            .filter((r) => label(r[chart.category.column]) === c && label(r[chart.color as string]) === name)
            .reduce((n, r) => n + Number(r[chart.values[0] as string] ?? 0), 0),
      }))
    : chart.values.map((v) => ({
        name: v,
        value: (c) =>
          rows
            .filter((r) => label(r[chart.category.column]) === c)
            .reduce((n, r) => n + Number(r[v] ?? 0), 0),
      }));
  const max = Math.max(1, ...categories.flatMap((c) => series.map((s) => s.value(c))));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v: number) => M.top + plotH - (v / max) * plotH;
  const band = plotW / Math.max(1, categories.length);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="28" font-size="16" font-weight="bold">${esc(chart.title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    parts.push(
      `<line x1="${M.left}" x2="${M.left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/>`,
      `<text x="${M.left - 8}" y="${y(v) + 4}" text-anchor="end" fill="#374151">${Math.round(v)}</text>`,
    );
  }
  categories.forEach((c, i) => {
    parts.push(
      `<text x="${M.left + band * (i + 0.5)}" y="${M.top + plotH + 20}" text-anchor="middle" fill="#374151">${esc(c)}</text>`,
    );
  });
  series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length] as string;
    if (chart.kind === "line") {
      const points = categories.map((c, i) => `${M.left + band * (i + 0.5)},${y(s.value(c))}`);
      parts.push(`<polyline points="${points.join(" ")}" fill="none" stroke="${color}" stroke-width="3"/>`);
      for (const p of points) {
        const [px, py] = p.split(",");
        parts.push(`<circle cx="${px}" cy="${py}" r="4" fill="${color}"/>`);
      }
    } else {
      const barW = (band * 0.8) / series.length;
      categories.forEach((c, i) => {
        const v = s.value(c);
        const x = M.left + band * i + band * 0.1 + barW * k;
        parts.push(
          `<rect x="${x}" y="${y(v)}" width="${Math.max(1, barW - 2)}" height="${M.top + plotH - y(v)}" fill="${color}"/>`,
        );
      });
    }
    parts.push(
      `<rect x="${W - M.right + 16}" y="${M.top + k * 22}" width="12" height="12" fill="${color}"/>`,
      `<text x="${W - M.right + 34}" y="${M.top + k * 22 + 11}" fill="#111827">${esc(s.name)}</text>`,
    );
  });
  parts.push(
    `<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#9ca3af"/>`,
    `<text x="${M.left + plotW / 2}" y="${H - 12}" text-anchor="middle" fill="#6b7280">${esc(chart.category.column)}</text>`,
    "</svg>",
  );
  return parts.join("\n");
}

export function svgToPng(svg: string): Uint8Array {
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } })
    .render()
    .asPng();
}
