/**
 * Horizontal bar charts drawn as SVG, plain or stacked, for the pictures the explorer gives where a table is hard to
 * read (organisations by region, funding by funder and instrument, evidence by design and strength). Every chart:
 * - is a figure whose caption is its title, with the SVG as role="img" and a <title> that says what it shows in words;
 * - writes each bar's label and number as text beside the bar, and a stacked bar's parts inside it where they fit;
 * - tells the parts of a stack apart by a pattern as well as a colour (every colour has 3:1 contrast with the white
 *   page, as graphics need), names them in a legend of real text, and draws a gap in the data hatched grey;
 * - carries its numbers as a table one click away ("Show the chart as a table").
 * The SVG is laid out in the pixels it is shown at, not scaled: text stays its size on a phone, where labels move
 * above their bars, and the chart is drawn again when its width changes.
 */
import { h, type Child } from '../app/dom';
import './charts.css';

export interface ChartSeries {
  /** What a segment names in `series`, e.g. the API's code GRANT. */
  key: string;
  /** In words, for the legend and the table: "Grant". */
  label: string;
  colour: string;
  /** Which pattern marks it (see patterns below); the series' position when not given, so neighbours differ. */
  pattern?: number;
  /** A gap in the data ("not recorded"): hatched grey whatever the colour, as unknown bars are. */
  unknown?: boolean;
}

export interface ChartSegment {
  series: string;
  value: number;
}

export interface ChartBar {
  /** Stable and unique in the chart: a region, a record's id. Tests and styles find the bar by it. */
  key: string;
  label: string;
  /** The bar's length: the sum of its segments when stacked. */
  value: number;
  /** The number written beside the bar, as the page words it: "£1,200,000", "42". */
  valueText: string;
  /** Said after the number in a quieter voice, e.g. " (24%)". */
  note?: string;
  /** The parts of a stacked bar, in the chart's series order. */
  segments?: ChartSegment[];
  /** A gap in the data rather than a thing (e.g. no region recorded): hatched grey, and listed last by the caller. */
  unknown?: boolean;
  /** The record the bar stands for: its label links there in the table. */
  href?: string;
}

export interface BarChartOptions {
  id: string;
  title: string;
  bars: ChartBar[];
  /** Given when the bars are stacked: the legend, in the order the segments run from the left. */
  series?: ChartSeries[];
  /** A segment's value as text, inside the bar and in the table. */
  format: (value: number) => string;
  /** The table's headers: what the bars are and what the numbers count. */
  labelHeader: string;
  valueHeader: string;
  /** Under the chart: what it counts, where the numbers come from. */
  footer?: Child;
}

/** The colour of a plain bar: the explorer's accent, 10:1 on white. */
export const barColour = '#0b3d91';

/** A categorical palette whose every colour has at least 3:1 contrast with white (WCAG 1.4.11 for graphics). */
export const palette = ['#0072b2', '#d55e00', '#7b3294', '#009e73', '#9a6700', '#b2182b', '#5a5a5a', '#00798c'];

const svgNs = 'http://www.w3.org/2000/svg';

type SvgAttributes = Record<string, string | number | null | undefined>;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: SvgAttributes = {}, ...children: (Node | string | null)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children) {
    if (child !== null) {
      element.append(child);
    }
  }
  return element;
}

export function barChart(options: BarChartOptions): HTMLElement {
  const stacked = (options.series?.length ?? 0) > 0;
  const canvas = h('div', { class: 'chart-canvas' });
  const drawing = svg('svg', { class: 'chart-svg', role: 'img', 'aria-labelledby': `${options.id}-summary` });
  canvas.append(drawing);
  let drawnWidth = 0;
  const draw = (width: number) => {
    drawnWidth = width;
    layOut(drawing, options, width);
  };
  // Drawn at once at a likely width, so the figure is whole as soon as it is made; drawn again at its real width.
  draw(720);
  new ResizeObserver(() => {
    const width = Math.floor(canvas.clientWidth);
    if (width > 0 && width !== drawnWidth) {
      draw(width);
    }
  }).observe(canvas);
  return h('figure', { class: `chart${stacked ? ' stacked' : ''}`, id: options.id, 'aria-labelledby': `${options.id}-caption` },
    h('figcaption', { id: `${options.id}-caption` }, options.title),
    stacked ? legend(options) : null,
    canvas,
    options.footer ? h('div', { class: 'chart-footer detail' }, options.footer) : null,
    dataTable(options));
}

/** What the chart shows, in a sentence or two: the SVG's accessible name. */
export function chartSummary(options: BarChartOptions): string {
  const listed = 10;
  const bars = options.bars.slice(0, listed).map((bar) => `${bar.label}, ${bar.valueText}`).join('; ');
  const more = options.bars.length > listed ? `; and ${options.bars.length - listed} more, listed in the table` : '';
  const parts = options.series?.length ? ` Each bar is split by ${options.series.map((series) => series.label).join(', ')}.` : '';
  return `${options.title}. Bar chart of ${options.bars.length} bar${options.bars.length === 1 ? '' : 's'}: ${bars}${more}.${parts}`;
}

interface Metrics {
  font: string;
  fontSize: number;
  measure: (text: string, small?: boolean) => number;
}

let measuringContext: CanvasRenderingContext2D | null = null;

function metricsOf(element: Element): Metrics {
  const style = element.isConnected ? getComputedStyle(element) : null;
  const fontSize = parseFloat(style?.fontSize ?? '') || 14;
  const family = style?.fontFamily || 'system-ui, sans-serif';
  measuringContext ??= document.createElement('canvas').getContext('2d');
  const context = measuringContext;
  const font = (size: number, weight = 400) => `${weight} ${size}px ${family}`;
  return {
    font: family,
    fontSize,
    measure: (text, small = false) => {
      if (!context) {
        // No canvas to measure with: a generous average glyph width.
        return text.length * fontSize * (small ? 0.5 : 0.6);
      }
      context.font = small ? font(Math.round(fontSize * 0.85), 600) : font(fontSize, 600);
      return context.measureText(text).width;
    },
  };
}

/** Words into lines no wider than `width`; a word longer than a line is cut where it must be. */
function wrap(text: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= width || !line) {
      line = candidate;
    } else {
      lines.push(line);
      line = word;
    }
    while (measure(line) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && measure(line.slice(0, cut)) > width) {
        cut--;
      }
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) {
    lines.push(line);
  }
  return lines.length > 0 ? lines : [''];
}

/** Draws the chart into `drawing` at `width` pixels. */
function layOut(drawing: SVGSVGElement, options: BarChartOptions, width: number): void {
  const metrics = metricsOf(drawing);
  const line = Math.round(metrics.fontSize * 1.3);
  // Wide enough for labels in a column of their own to the left of the bars; narrower, each label goes above its bar.
  const wide = width >= 520;
  const barHeight = Math.round(metrics.fontSize * (wide ? 1.45 : 1.3));
  const gap = 8;
  const labelWidth = wide ? Math.min(Math.ceil(Math.max(...options.bars.map((bar) => metrics.measure(bar.label)))), Math.floor(width * 0.34)) : width;
  const barStart = wide ? labelWidth + 12 : 0;
  const valueWidths = options.bars.map((bar) => metrics.measure(`${bar.valueText}${bar.note ?? ''}`) + gap);
  // The longest bar the width allows with every bar's number still beside it.
  const pixelsPerUnit = Math.min(...options.bars.map((bar, index) =>
    (bar.value > 0 ? Math.max(24, width - barStart - (valueWidths[index] ?? 0)) / bar.value : Number.POSITIVE_INFINITY)));
  const scale = Number.isFinite(pixelsPerUnit) ? pixelsPerUnit : 0;
  const seriesIndex = new Map((options.series ?? []).map((series, index) => [series.key, { series, index }]));

  const defs = svg('defs');
  const fills = new Map<string, string>();
  (options.series ?? []).forEach((series, index) => fills.set(series.key, fill(defs, `${options.id}-fill-${index}`, series, index)));
  const unknownFill = fill(defs, `${options.id}-fill-unknown`, { key: '', label: '', colour: '', unknown: true }, 0);

  const rows: SVGElement[] = [];
  let y = 0;
  for (const [index, bar] of options.bars.entries()) {
    const labelLines = wrap(bar.label, labelWidth, (text) => metrics.measure(text));
    const labelHeight = labelLines.length * line;
    const rowHeight = wide ? Math.max(labelHeight, barHeight) : labelHeight + barHeight;
    const barTop = wide ? y + (rowHeight - barHeight) / 2 : y + labelHeight;
    const labelTop = wide ? y + (rowHeight - labelHeight) / 2 : y;
    const length = bar.value > 0 ? Math.max(2, bar.value * scale) : 0;
    const group = svg('g', { class: `chart-bar${bar.unknown ? ' unknown' : ''}`, 'data-key': bar.key, 'data-value': bar.value });
    group.append(svg('text', { class: 'chart-label', x: 0, y: labelTop },
      ...labelLines.map((text, lineIndex) => svg('tspan', { x: 0, dy: lineIndex === 0 ? line * 0.8 : line }, text))));

    if (bar.segments && !bar.unknown) {
      let x = barStart;
      const parts = bar.segments.filter((part) => part.value > 0);
      for (const segment of parts) {
        const known = seriesIndex.get(segment.series);
        const segmentLength = segment.value * scale;
        group.append(svg('rect', {
          class: 'chart-segment', 'data-series': segment.series, 'data-value': segment.value,
          x: x.toFixed(1), y: barTop, width: Math.max(1, segmentLength - 1.5).toFixed(1), height: barHeight,
          fill: fills.get(segment.series) ?? barColour,
        }, svg('title', {}, `${known?.series.label ?? segment.series}: ${options.format(segment.value)}`)));
        // The part's number inside it, on a white patch so it reads on any colour or pattern, where it fits; a bar of
        // one part has its number beside it already.
        const text = options.format(segment.value);
        const textWidth = metrics.measure(text, true);
        if (parts.length > 1 && segmentLength - 1.5 >= textWidth + 14) {
          const middle = x + (segmentLength - 1.5) / 2;
          group.append(
            svg('rect', { class: 'chart-part-patch', x: (middle - textWidth / 2 - 3).toFixed(1), y: barTop + 2, width: (textWidth + 6).toFixed(1), height: barHeight - 4, rx: 2 }),
            svg('text', { class: 'chart-part-value', x: middle.toFixed(1), y: barTop + barHeight / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, text));
        }
        x += segmentLength;
      }
    } else if (length > 0) {
      group.append(svg('rect', { class: 'chart-bar-fill', x: barStart, y: barTop, width: length.toFixed(1), height: barHeight, fill: bar.unknown ? unknownFill : barColour }));
    }
    group.append(svg('text', { class: 'chart-value', x: (barStart + length + gap - 2).toFixed(1), y: barTop + barHeight / 2, 'dominant-baseline': 'central' },
      svg('tspan', { class: 'chart-number' }, bar.valueText),
      bar.note ? svg('tspan', { class: 'chart-note' }, bar.note) : null));
    rows.push(group);
    y += rowHeight + (index < options.bars.length - 1 ? (wide ? 6 : 10) : 0);
  }
  const height = Math.ceil(y) + 2;
  drawing.setAttribute('viewBox', `0 0 ${width} ${height}`);
  drawing.setAttribute('width', String(width));
  drawing.setAttribute('height', String(height));
  drawing.replaceChildren(svg('title', { id: `${options.id}-summary` }, chartSummary(options)), defs, ...rows);
}

/**
 * The fill of a series: its colour, overlaid from the second series on with a pattern of white lines or dots, so that
 * neighbouring parts differ in more than colour. Unknowns are grey hatched, as the explorer draws gaps in the data.
 */
function fill(defs: SVGDefsElement, id: string, series: ChartSeries, index: number): string {
  const kind = series.unknown ? -1 : (series.pattern ?? index) % patterns.length;
  if (kind === 0) {
    return series.colour;
  }
  const pattern = svg('pattern', { id, patternUnits: 'userSpaceOnUse', width: tile, height: tile },
    svg('rect', { width: tile, height: tile, fill: series.unknown ? '#8a8a8a' : series.colour }));
  pattern.append(...(kind === -1 ? [svg('path', { d: 'M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4', stroke: '#4a4a4a', 'stroke-width': 2.5 })] : patterns[kind]?.() ?? []));
  defs.append(pattern);
  return `url(#${id})`;
}

/** The side of a pattern's tile, in pixels. */
const tile = 8;

const mark = { stroke: '#ffffff', 'stroke-opacity': 0.65, 'stroke-width': 1.25 };

/** The marks over a series' colour, by number: none, diagonal lines, dots, crossed lines, horizontal, vertical, the other diagonal. */
const patterns: (() => SVGElement[])[] = [
  () => [],
  () => [svg('path', { d: 'M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4', ...mark })],
  () => [svg('circle', { cx: 2, cy: 2, r: 1.3, fill: '#ffffff', 'fill-opacity': 0.75 }), svg('circle', { cx: 6, cy: 6, r: 1.3, fill: '#ffffff', 'fill-opacity': 0.75 })],
  () => [svg('path', { d: 'M0,4 h8', ...mark }), svg('path', { d: 'M4,0 v8', ...mark })],
  () => [svg('path', { d: 'M0,4 h8', ...mark })],
  () => [svg('path', { d: 'M4,0 v8', ...mark })],
  () => [svg('path', { d: 'M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4', ...mark })],
];

/** The legend: each series' swatch (its colour and pattern) and its name in words, in the order the parts run. */
function legend(options: BarChartOptions): HTMLElement {
  return h('ul', { class: 'chart-legend' }, (options.series ?? []).map((series, index) => {
    const swatch = svg('svg', { class: 'chart-swatch', width: 18, height: 14, 'aria-hidden': 'true', focusable: 'false' });
    const defs = svg('defs');
    const painted = fill(defs, `${options.id}-swatch-${index}`, series, index);
    swatch.append(defs, svg('rect', { x: 0.5, y: 0.5, width: 17, height: 13, fill: painted, stroke: '#1b1b1b', 'stroke-width': 1 }));
    return h('li', { 'data-series': series.key }, swatch, series.label);
  }));
}

/**
 * The chart's numbers as a table, behind a disclosure: every bar, and for a stacked chart every part. The table is
 * made when first opened, so that a page's own tables (a list of organisations below its chart) are the only ones it
 * holds until a reader asks for this one.
 */
function dataTable(options: BarChartOptions): HTMLElement {
  const series = options.series ?? [];
  const partOf = (bar: ChartBar, key: string) => bar.segments?.find((segment) => segment.series === key)?.value ?? 0;
  const scroller = h('div', { class: 'chart-table', role: 'region', 'aria-label': `${options.title}: table` });
  const disclosure = h('details', { class: 'chart-data' }, h('summary', null, 'Show the chart as a table'), scroller);
  disclosure.addEventListener('toggle', () => {
    if (!disclosure.open || scroller.firstChild) {
      return;
    }
    scroller.append(h('table', { id: `${options.id}-table` },
      h('caption', { class: 'visually-hidden' }, options.title),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, options.labelHeader),
        series.map((entry) => h('th', { scope: 'col', class: 'number' }, entry.label)),
        h('th', { scope: 'col', class: 'number' }, series.length > 0 ? `${options.valueHeader}, in all` : options.valueHeader))),
      h('tbody', null, options.bars.map((bar) => h('tr', { 'data-key': bar.key },
        h('th', { scope: 'row' }, bar.href ? h('a', { href: bar.href }, bar.label) : bar.label),
        series.map((entry) => h('td', { class: 'number' }, partOf(bar, entry.key) > 0 ? options.format(partOf(bar, entry.key)) : '—')),
        h('td', { class: 'number' }, bar.valueText, bar.note ?? ''))))));
  });
  // A table wider than its box scrolls sideways, and then takes keyboard focus so it can be scrolled without a mouse.
  new ResizeObserver(() => {
    if (scroller.scrollWidth > scroller.clientWidth + 1) {
      scroller.tabIndex = 0;
    } else {
      scroller.removeAttribute('tabindex');
    }
  }).observe(scroller);
  return disclosure;
}
