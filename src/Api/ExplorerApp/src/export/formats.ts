/** CSV and GraphML made in the browser from exactly what a view shows. */

export type Cell = string | number | boolean | null | undefined;

export interface ExportNode {
  id: string;
  type: string;
  label: string;
  attributes?: Record<string, Cell>;
}

export interface ExportEdge {
  source: string;
  target: string;
  type: string;
  attributes?: Record<string, Cell>;
}

/** What a list or graph can be exported as: a table for CSV, nodes and edges for GraphML. */
export interface ExportData {
  /** File name without extension. */
  name: string;
  /** What the data covers when it is not the whole list, written into GraphML as the graph's <desc>. */
  description?: string;
  columns: string[];
  rows: Cell[][];
  nodes: ExportNode[];
  edges: ExportEdge[];
}

export function toCsv(data: Pick<ExportData, 'columns' | 'rows'>): string {
  const field = (value: Cell) => {
    const text = value === null || value === undefined ? '' : String(value);
    // RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula.
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return [data.columns, ...data.rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

export function toGraphMl(data: Pick<ExportData, 'nodes' | 'edges' | 'description'>): string {
  const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
  const keysOf = (items: { attributes?: Record<string, Cell> }[]) =>
    [...new Set(items.flatMap((item) => Object.keys(item.attributes ?? {})))].sort();
  const nodeKeys = keysOf(data.nodes);
  const edgeKeys = keysOf(data.edges);
  const keyId = (scope: string, name: string) => `${scope}_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const dataLines = (scope: string, attributes: Record<string, Cell> | undefined, indent: string) =>
    Object.entries(attributes ?? {})
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([name, value]) => `${indent}<data key="${keyId(scope, name)}">${escape(String(value))}</data>`);

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="n_type" for="node" attr.name="type" attr.type="string"/>',
    '  <key id="n_label" for="node" attr.name="label" attr.type="string"/>',
    ...nodeKeys.map((name) => `  <key id="${keyId('n', name)}" for="node" attr.name="${escape(name)}" attr.type="string"/>`),
    '  <key id="e_type" for="edge" attr.name="type" attr.type="string"/>',
    ...edgeKeys.map((name) => `  <key id="${keyId('e', name)}" for="edge" attr.name="${escape(name)}" attr.type="string"/>`),
    '  <graph id="G" edgedefault="directed">',
    ...(data.description ? [`    <desc>${escape(data.description)}</desc>`] : []),
  ];
  for (const node of data.nodes) {
    lines.push(`    <node id="${escape(node.id)}">`, `      <data key="n_type">${escape(node.type)}</data>`,
      `      <data key="n_label">${escape(node.label)}</data>`, ...dataLines('n', node.attributes, '      '), '    </node>');
  }
  data.edges.forEach((edge, index) => {
    lines.push(`    <edge id="e${index}" source="${escape(edge.source)}" target="${escape(edge.target)}">`,
      `      <data key="e_type">${escape(edge.type)}</data>`, ...dataLines('e', edge.attributes, '      '), '    </edge>');
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

export function download(fileName: string, mediaType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function fileSafe(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'export';
}
