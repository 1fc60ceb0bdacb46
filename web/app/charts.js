// Charts as SVG built from data (text nodes only), and their export as SVG or PNG files.
import { Request } from '../shared/protocol.js';
import { download, h, s, STAGES, SIDE_STAGES } from './dom.js';

const COLORS = { main: '#3d6df2', side: '#8a93a3', preview: '#e08a1e' };

// Horizontal bars, one per stage; `compare` draws a second bar per stage (the what-if).
export function funnelChart(counts, { compare, title = 'Contacts by stage', labels = ['Now', 'Preview'] } = {}) {
  const keys = [...STAGES.map(([k]) => k), ...Object.keys(counts).filter((k) => !STAGES.some(([s]) => s === k))];
  const largest = Math.max(1, ...Object.values(counts), ...Object.values(compare ?? {}));
  const rowHeight = compare ? 34 : 26;
  const width = 640;
  const left = 160;
  const right = 60;
  const top = 30;
  const height = top + keys.length * rowHeight + 10;
  const bars = (width - left - right);
  const label = Object.fromEntries(STAGES);
  const rows = keys.map((key, i) => {
    const y = top + i * rowHeight;
    const count = counts[key] ?? 0;
    const side = SIDE_STAGES.has(key);
    const parts = [
      s('text', { x: left - 8, y: y + 15, 'text-anchor': 'end', class: 'chart-label' }, label[key] ?? key),
      s('rect', { x: left, y: y + 3, width: Math.max(2, (bars * count) / largest), height: compare ? 13 : 16,
        rx: 3, fill: side ? COLORS.side : COLORS.main }),
      s('text', { x: left + Math.max(2, (bars * count) / largest) + 6, y: y + 15, class: 'chart-value' }, String(count)),
    ];
    if (compare) {
      const other = compare[key] ?? 0;
      parts.push(
        s('rect', { x: left, y: y + 17, width: Math.max(2, (bars * other) / largest), height: 13, rx: 3, fill: COLORS.preview }),
        s('text', { x: left + Math.max(2, (bars * other) / largest) + 6, y: y + 28, class: 'chart-value' }, String(other)),
      );
    }
    return s('g', { 'data-stage': key }, parts);
  });
  const legend = compare
    ? [s('rect', { x: left, y: 8, width: 12, height: 12, fill: COLORS.main }),
      s('text', { x: left + 18, y: 18, class: 'chart-label' }, labels[0]),
      s('rect', { x: left + 130, y: 8, width: 12, height: 12, fill: COLORS.preview }),
      s('text', { x: left + 148, y: 18, class: 'chart-label' }, labels[1])]
    : [s('text', { x: 0, y: 18, class: 'chart-title' }, title)];
  return s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title,
    class: 'chart' }, s('title', {}, title), legend, rows);
}

// The points trendChart draws, asked one month end at a time: each is a replay of the history
// (a fifth of a second at 100k contacts), so a request made meanwhile, such as a click on
// another view, waits for one of them rather than for all.
export async function askTrends(ask, months = 6) {
  const trends = { now: null, points: [] };
  for (let point = 0; point < months; ++point) {
    const { now, points } = await ask(Request.TRENDS, { months, point });
    trends.now = now;
    trends.points.push(...points);
  }
  return trends;
}

// Lines of stage counts over time: points = [{ at, stages }].
export function trendChart(points, stages = ['mql', 'sql', 'opportunity', 'customer'], title = 'Stage counts at each month end') {
  const width = 640;
  const height = 240;
  const pad = { left: 40, right: 110, top: 20, bottom: 30 };
  const largest = Math.max(1, ...points.flatMap((p) => stages.map((k) => p.stages[k] ?? 0)));
  const x = (i) => pad.left + (points.length < 2 ? 0 : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (v) => height - pad.bottom - (v * (height - pad.top - pad.bottom)) / largest;
  const palette = ['#3d6df2', '#e08a1e', '#2aa876', '#b4478f'];
  const short = { mql: 'MQL', sql: 'SQL', opportunity: 'Opportunity', customer: 'Customer', lead: 'Lead' };
  // End labels, pushed apart so that none overlaps another.
  const ends = stages.map((key, n) => ({ key, n, last: points.at(-1)?.stages[key] ?? 0 }))
    .map((e) => ({ ...e, y: y(e.last) + 4 })).sort((a, b) => a.y - b.y);
  for (let i = 1; i < ends.length; ++i) ends[i].y = Math.max(ends[i].y, ends[i - 1].y + 13);
  const lines = stages.map((key, n) => {
    const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.stages[key] ?? 0).toFixed(1)}`).join(' ');
    const end = ends.find((e) => e.key === key);
    return s('g', {}, s('path', { d, fill: 'none', stroke: palette[n], 'stroke-width': 2 }),
      s('text', { x: x(points.length - 1) + 8, y: end.y, class: 'chart-label', fill: palette[n] },
        `${short[key] ?? key} ${end.last}`));
  });
  const ticks = points.map((p, i) => s('text', { x: x(i), y: height - 8, 'text-anchor': 'middle', class: 'chart-label' },
    new Date(p.at).toLocaleDateString('en-GB', { month: 'short', timeZone: 'UTC' })));
  return s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title, class: 'chart' },
    s('title', {}, title),
    s('line', { x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom, class: 'chart-axis' }),
    s('text', { x: pad.left - 6, y: y(largest) + 4, 'text-anchor': 'end', class: 'chart-label' }, String(largest)),
    s('text', { x: pad.left - 6, y: y(0) + 4, 'text-anchor': 'end', class: 'chart-label' }, '0'),
    lines, ticks);
}

// The SVG as a standalone file, with its colours written in (no page stylesheet needed).
export function svgText(svg) {
  const copy = svg.cloneNode(true);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = '.chart-label,.chart-value,.chart-title{font:12px system-ui,sans-serif;fill:#1d2330}' +
    '.chart-title{font-weight:600;font-size:14px}.chart-axis{stroke:#a3abb9}';
  copy.prepend(style);
  return new XMLSerializer().serializeToString(copy);
}

export function exportButtons(svg, name) {
  return h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'secondary', onclick: () => download(`${name}.svg`, 'image/svg+xml', svgText(svg)) }, 'Download SVG'),
    h('button', { type: 'button', class: 'secondary', onclick: () => downloadPng(svg, name) }, 'Download PNG'));
}

export async function pngBlob(svg) {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function downloadPng(svg, name) {
  download(`${name}.png`, 'image/png', await pngBlob(svg));
}
