/**
 * A node's neighbourhood as a graph (cytoscape.js): activating a node expands its own neighbourhood into the view,
 * relationship types can be hidden, nodes are coloured by type, and a node's page is one click away. The same
 * nodes are listed beside the drawing, with buttons, so that keyboards and screen readers reach everything too.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { run, type Operation } from '../api/graphql';
import { displayName, isNodeType, nodeRefFields, nodeTypes, pageHref, typeLabel, type NodeRef } from '../api/nodes';
import { relationshipFields, type GraphRelationship } from '../api/relationships';
import { announce, append, h, words } from '../app/dom';
import { navigate } from '../app/router';
import { idCells, loading, pageHeading, queryLink, show, showError } from '../app/view';
import { connectionsHref } from '../connections/connectionsPage';
import { roleLabel } from '../entities/participations';
import { exportButtons } from '../export/exportButtons';
import type { ExportData } from '../export/formats';

interface NeighbourhoodData {
  neighbourhood: { truncated: boolean; nodes: { distance: number; node: NodeRef }[]; relationships: GraphRelationship[] };
  types: { enumValues: { name: string; description: string | null }[] } | null;
}

const neighbourhoodQuery = `query Neighbourhood($id: ID!, $depth: Int, $relationships: [RelationshipType!], $limit: Int) {
  neighbourhood(id: $id, depth: $depth, relationships: $relationships, limit: $limit) {
    truncated
    nodes { distance node { ${nodeRefFields} } }
    relationships { ${relationshipFields} }
  }
  types: __type(name: "RelationshipType") { enumValues { name description } }
}`;

export async function graphPage(id: string, url: URL): Promise<void> {
  const hidden = new Set(url.searchParams.getAll('hide'));
  loading('the graph');
  const operationFor = (nodeId: string): Operation => ({ query: neighbourhoodQuery, variables: { id: nodeId, depth: 1, limit: 60 } });
  try {
    const first = await run<NeighbourhoodData>(operationFor(id));
    const centre = first.neighbourhood.nodes.find((entry) => entry.distance === 0)?.node;
    if (!centre) {
      showError('Graph', new Error(`No node has the id ${id}.`));
      return;
    }
    const relationshipTypes = first.types?.enumValues ?? [];
    const nodes = new Map<string, NodeRef>();
    const relationships = new Map<string, GraphRelationship>();
    const expanded = new Set<string>([centre.id]);
    const add = (data: NeighbourhoodData) => {
      data.neighbourhood.nodes.forEach((entry) => nodes.set(entry.node.id, entry.node));
      data.neighbourhood.relationships.forEach((relationship) => relationships.set(relationship.id, relationship));
    };
    add(first);

    const canvas = h('div', { class: 'graph-canvas', id: 'graph-canvas', role: 'img', 'aria-label': `Graph of what surrounds ${displayName(centre)}; the same nodes are listed below.` });
    const nodeList = h('ul', { class: 'graph-nodes', id: 'graph-nodes' });
    const counts = h('p', { class: 'detail', id: 'graph-counts' });
    const selection = h('div', { class: 'graph-selection', id: 'graph-selection', 'aria-live': 'polite' });

    const filters = h('fieldset', { class: 'relationship-filters' }, h('legend', null, 'Relationships shown'),
      relationshipTypes.map((type) => h('label', { class: 'check', title: type.description ?? '' },
        h('input', { type: 'checkbox', value: type.name, checked: !hidden.has(type.name), 'data-relationship': type.name }),
        ` ${words(type.name)}`)));

    const legend = h('ul', { class: 'legend', 'aria-label': 'Colours by type' }, Object.values(nodeTypes).map((info) =>
      h('li', null, h('span', { class: 'swatch', style: `background:${info.colour}` }), info.label)));

    const exportData = (): ExportData => {
      const visible = visibleRelationships();
      return {
        name: `graph-${displayName(centre)}`,
        columns: ['from', 'from type', 'relationship', 'relationship (code)', 'part played', 'part played (code)', 'to', 'to type', 'from id', 'from page', 'to id', 'to page'],
        rows: visible.map((r) => [label(r.from.id), typeLabel(nodes.get(r.from.id)?.__typename ?? ''), words(r.type), r.type,
          r.roleKind ? roleLabel(r.roleKind) : r.role, r.roleKind, label(r.to.id), typeLabel(nodes.get(r.to.id)?.__typename ?? ''),
          ...idCells({ id: r.from.id, type: nodes.get(r.from.id)?.__typename ?? '' }), ...idCells({ id: r.to.id, type: nodes.get(r.to.id)?.__typename ?? '' })]),
        nodes: [...visibleNodeIds(visible)].map((nodeId) => {
          const node = nodes.get(nodeId)!;
          return { id: node.id, type: node.__typename, label: displayName(node) };
        }),
        edges: visible.map((r) => ({ source: r.from.id, target: r.to.id, type: r.type,
          attributes: { roleKind: r.roleKind, role: r.role, rule: r.rule, readValue: r.readValue, amount: r.amount, currency: r.currency, year: r.year, effect: r.effect } })),
      };
    };

    const operation = operationFor(centre.id);
    show(`Graph: ${displayName(centre)}`,
      pageHeading(`Around ${displayName(centre)}`, `Graph · ${typeLabel(centre.__typename)}`,
        h('p', { class: 'lead' }, 'Select a node to expand what surrounds it; open its page from the panel or the list. Drag to move, scroll or pinch to zoom.'),
        h('div', { class: 'view-actions' }, h('a', { class: 'button', href: pageHref(centre) }, `Page of ${displayName(centre)}`),
          h('a', { class: 'button secondary', href: connectionsHref(centre.id) }, `How is ${displayName(centre)} connected to…`),
          exportButtons('the graph', exportData), queryLink(operation, 'Open the neighbourhood query in GraphiQL'))),
      h('div', { class: 'graph-layout' },
        h('div', { class: 'graph-main' }, canvas, legend, counts),
        h('aside', { class: 'graph-side', 'aria-label': 'Graph controls' }, selection, filters)),
      h('section', { class: 'panel', 'aria-labelledby': 'graph-nodes-heading' },
        h('h2', { id: 'graph-nodes-heading' }, 'Nodes in the view'), nodeList));

    const cy: Core = cytoscape({
      container: canvas,
      elements: [],
      wheelSensitivity: 0.3,
      style: [
        { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 10, 'text-wrap': 'ellipsis', 'text-max-width': '120px', 'text-valign': 'bottom', 'text-margin-y': 3, width: 22, height: 22, 'border-width': 1, 'border-color': '#333' } },
        { selector: 'node.centre', style: { width: 34, height: 34, 'border-width': 3 } },
        { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#0b3d91' } },
        { selector: 'edge', style: { width: 1.5, 'line-color': '#888', 'target-arrow-color': '#888', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 7, color: '#444', 'text-rotation': 'autorotate' } },
      ],
    });

    function label(nodeId: string): string {
      const node = nodes.get(nodeId);
      return node ? displayName(node) : nodeId;
    }
    function visibleRelationships(): GraphRelationship[] {
      return [...relationships.values()].filter((r) => !hidden.has(r.type) && nodes.has(r.from.id) && nodes.has(r.to.id));
    }
    function visibleNodeIds(visible: GraphRelationship[]): Set<string> {
      return new Set([centre!.id, ...expanded, ...visible.flatMap((r) => [r.from.id, r.to.id])].filter((nodeId) => nodes.has(nodeId)));
    }

    function redraw(): void {
      const visible = visibleRelationships();
      const ids = visibleNodeIds(visible);
      const elements: ElementDefinition[] = [
        ...[...ids].map((nodeId) => {
          const node = nodes.get(nodeId)!;
          return { group: 'nodes' as const, data: { id: node.id, label: displayName(node), colour: isNodeType(node.__typename) ? nodeTypes[node.__typename].colour : '#ccc' }, classes: node.id === centre!.id ? 'centre' : '' };
        }),
        ...visible.map((r) => ({ group: 'edges' as const, data: { id: r.id, source: r.from.id, target: r.to.id, label: words(r.type) } })),
      ];
      const known = new Set(cy.elements().map((element) => element.id()));
      const wanted = new Set(elements.map((element) => element.data.id as string));
      cy.elements().filter((element) => !wanted.has(element.id())).remove();
      const added = cy.add(elements.filter((element) => !known.has(element.data.id as string)));
      if (added.length > 0) {
        cy.layout({ name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true, fit: true, padding: 20 }).run();
      }
      counts.textContent = `${ids.size} nodes and ${visible.length} relationships shown${first.neighbourhood.truncated ? ' (the nearest only: there are more)' : ''}.`;
      nodeList.replaceChildren(...[...ids].map((nodeId) => nodes.get(nodeId)!).sort((a, b) => displayName(a).localeCompare(displayName(b))).map((node) =>
        h('li', { 'data-node-id': node.id },
          h('span', { class: 'swatch', style: `background:${isNodeType(node.__typename) ? nodeTypes[node.__typename].colour : '#ccc'}` }),
          h('a', { href: pageHref(node) }, displayName(node)), ` (${typeLabel(node.__typename)}) `,
          expanded.has(node.id) ? h('span', { class: 'detail' }, 'expanded')
            : h('button', { type: 'button', class: 'secondary small', 'data-expand': node.id, onclick: () => void expand(node.id) }, 'Expand',
              h('span', { class: 'visually-hidden' }, ` ${displayName(node)}`)))));
    }

    function select(node: NodeRef): void {
      cy.$(':selected').unselect();
      cy.getElementById(node.id).select();
      selection.replaceChildren();
      append(selection, [h('h2', null, displayName(node)), h('p', { class: 'detail' }, typeLabel(node.__typename)),
        h('p', null, h('a', { href: pageHref(node), class: 'button' }, 'Open page'), ' ',
          expanded.has(node.id) ? null : h('button', { type: 'button', class: 'secondary', onclick: () => void expand(node.id) }, 'Expand')),
        // From the tangle to the chain: how the node picked is connected to the one the graph is drawn around.
        node.id === centre!.id ? null : h('p', null, h('a', { href: connectionsHref(node.id, centre!.id), 'data-connect': node.id },
          `How ${displayName(node)} is connected to ${displayName(centre!)}`))]);
    }

    async function expand(nodeId: string): Promise<void> {
      if (expanded.has(nodeId)) {
        return;
      }
      const before = nodes.size;
      const more = await run<NeighbourhoodData>(operationFor(nodeId));
      expanded.add(nodeId);
      add(more);
      redraw();
      const node = nodes.get(nodeId);
      if (node) {
        select(node);
      }
      announce(`${nodes.size - before} nodes added around ${label(nodeId)}.`);
    }

    cy.on('tap', 'node', (event) => {
      const node = nodes.get(event.target.id() as string);
      if (node) {
        select(node);
        void expand(node.id);
      }
    });
    cy.on('dbltap', 'node', (event) => {
      const node = nodes.get(event.target.id() as string);
      if (node) {
        navigate(pageHref(node));
      }
    });
    filters.addEventListener('change', (event) => {
      const input = event.target as HTMLInputElement;
      if (input.checked) {
        hidden.delete(input.value);
      } else {
        hidden.add(input.value);
      }
      // The address keeps the filter, so the view can be shared and reloaded as it is.
      const address = new URL(window.location.href);
      address.searchParams.delete('hide');
      hidden.forEach((type) => address.searchParams.append('hide', type));
      history.replaceState(null, '', address.pathname + address.search);
      redraw();
      announce(`${words(input.value)} relationships ${input.checked ? 'shown' : 'hidden'}.`);
    });

    redraw();
    select(centre);
    canvas.setAttribute('data-ready', 'true');
  } catch (error) {
    showError('Graph', error);
  }
}
