/**
 * The parts organisations play in models, in plain words: "Service provider", "Investor", "Outcome payer"..., each
 * with its source's own wording beside it. What each part means is the API's own description of the
 * ParticipationRole enum, read once by introspection; the page never shows the enum's codes (CSV keeps them in a
 * column of their own, beside the words).
 */
import { run } from '../api/graphql';
import { h, words } from '../app/dom';
import { exportNodeOf, failedSection, listSection, nodeLink, number, sourceLinks, type Column, type Source } from '../app/view';
import type { ExportNode } from '../export/formats';
import { statusBadge } from '../organisations/status';
import { pageSize, participationFields } from './queries';

/** The parts that run a model (RUNS); every other part takes part in it without delivering it (TAKES_PART_IN). */
export const runningRoles = ['OPERATOR', 'SERVICE_PROVIDER'];

export function roleLabel(role: string | null | undefined): string {
  return role ? words(role) : 'Part not classified';
}

export interface Participation {
  role: string | null;
  roleDetail: string | null;
  note: string | null;
  rule: string | null;
  readValue: string | null;
  sources: Source[];
}

let meanings: Promise<Map<string, string>> | null = null;

/** Each part's meaning, in the order the API lists the parts (those that run the model first). */
export function loadRoleMeanings(): Promise<Map<string, string>> {
  meanings ??= run<{ roles: { enumValues: { name: string; description: string | null }[] } | null }>({
    query: 'query ParticipationRoles { roles: __type(name: "ParticipationRole") { enumValues { name description } } }',
  }).then((data) => new Map((data.roles?.enumValues ?? []).map((value) => [value.name, value.description ?? ''])))
    .catch(() => new Map<string, string>());
  return meanings;
}

/** "What these parts mean": the parts present, each with the API's description. */
export function rolesExplained(roles: (string | null)[], known: Map<string, string>): HTMLElement | null {
  const present = [...known.keys()].filter((role) => roles.includes(role) && known.get(role));
  if (present.length === 0) {
    return null;
  }
  return h('details', { class: 'roles-explained' }, h('summary', null, 'What these parts mean'),
    h('dl', { class: 'facts' }, present.map((role) => [h('dt', null, roleLabel(role)), h('dd', null, known.get(role) ?? '')])));
}

/** For a relationship a crosswalk derived rather than a source stated: which rule, from which value. */
export function derivation(item: { rule?: string | null; readValue?: string | null }): HTMLElement | null {
  if (!item.rule) {
    return null;
  }
  return h('span', { class: 'derived' }, 'Derived by the crosswalk rule ', h('code', null, item.rule),
    item.readValue ? ` from “${item.readValue}”` : null, '.');
}

function noteCell(row: Participation): HTMLElement {
  return h('span', null, row.note ?? '', row.note ? ' ' : null, derivation(row), ' ', sourceLinks(row.sources));
}

function roleOrder(known: Map<string, string>): (role: string | null) => number {
  const order = [...known.keys()];
  return (role) => (role === null || !order.includes(role) ? order.length : order.indexOf(role));
}

/** "2 outcome payers, 1 investor": how many of each part, in the API's order of the parts. */
function countsByRole(roles: (string | null)[], known: Map<string, string>): string {
  const rank = roleOrder(known);
  const counts = new Map<string | null, number>();
  roles.forEach((role) => counts.set(role, (counts.get(role) ?? 0) + 1));
  return [...counts.entries()].sort(([a], [b]) => rank(a) - rank(b))
    .map(([role, count]) => (role === null ? `${number(count)} not classified` : `${number(count)} ${plural(roleLabel(role).toLowerCase(), count)}`)).join(', ');
}

function plural(noun: string, count: number): string {
  if (count === 1) {
    return noun;
  }
  return noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}

function roleColumns<T extends Participation>(): Column<T>[] {
  return [
    { header: 'Part it plays', cell: (row) => roleLabel(row.role), value: (row) => roleLabel(row.role), code: (row) => row.role },
    { header: 'In the source’s words', cell: (row) => row.roleDetail ?? '—', value: (row) => row.roleDetail },
  ];
}

function edgeType(role: string | null): string {
  return role && runningRoles.includes(role) ? 'RUNS' : 'TAKES_PART_IN';
}

type OrganisationPart = Participation & { organisation: { __typename: 'Organisation'; id: string; name: string; status: string | null; dissolvedOn: string | null } };

/**
 * The model's other parties: investors, outcome payers, commissioners, intermediaries, evaluators, networks. Read
 * as the organisations with such a part in this model (few), not as the model's participations, which list every
 * organisation running it too (thousands for a Co-operatives UK model, more than a plain list may hold).
 */
export async function modelPartiesSection(model: { id: string; key: string }, self: ExportNode): Promise<HTMLElement> {
  const id = 'parties';
  const title = 'Taking part without running it';
  const query = `query ModelParties($key: String!, $first: Int!) {
  organisations(
    where: { participations: { some: { model: { key: { eq: $key } }, role: { nin: [${runningRoles.join(', ')}] } } } }
    order: [{ name: ASC }]
    first: $first
  ) {
    totalCount
    nodes { __typename id name status dissolvedOn participations { ${participationFields} model { id } } }
  }
}`;
  let data: { organisations: { totalCount: number; nodes: { id: string; name: string; status: string | null; dissolvedOn: string | null; participations: (Participation & { model: { id: string } })[] }[] } };
  let known: Map<string, string>;
  try {
    [data, known] = await Promise.all([run<typeof data>({ query, variables: { key: model.key, first: pageSize } }), loadRoleMeanings()]);
  } catch (error) {
    return failedSection(id, title, error);
  }
  const rank = roleOrder(known);
  const rows: OrganisationPart[] = data.organisations.nodes.flatMap((organisation) => organisation.participations
    .filter((participation) => participation.model.id === model.id && !(participation.role && runningRoles.includes(participation.role)))
    .map((participation) => ({ ...participation, organisation: { ...organisation, __typename: 'Organisation' as const } })))
    .sort((a, b) => rank(a.role) - rank(b.role) || a.organisation.name.localeCompare(b.organisation.name));
  const cut = data.organisations.totalCount > data.organisations.nodes.length;
  return listSection<OrganisationPart>({
    id, title, rows, empty: 'No investor, outcome payer, commissioner, intermediary, evaluator or network is recorded for this model.',
    partial: cut ? `the parts of the first ${number(data.organisations.nodes.length)} (by name) of ${number(data.organisations.totalCount)} organisations` : undefined,
    exportName: `${model.key}-parties`,
    node: (row) => exportNodeOf(row.organisation, { status: row.organisation.status }),
    context: { node: self, edge: (row) => ({ source: row.organisation.id, target: model.id, type: edgeType(row.role),
      attributes: { role: row.role, roleDetail: row.roleDetail, rule: row.rule, readValue: row.readValue } }) },
    intro: [
      rows.length > 0 ? h('p', { class: 'detail' }, `Organisations with a part in the model other than running it, by part: ${countsByRole(rows.map((row) => row.role), known)}.`) : null,
      rolesExplained(rows.map((row) => row.role), known),
    ],
    columns: [
      { header: 'Organisation', cell: (row) => [nodeLink(row.organisation), row.organisation.status === 'DISSOLVED' ? [' ', statusBadge(row.organisation.status, row.organisation.dissolvedOn)] : null],
        value: (row) => row.organisation.name },
      ...roleColumns<OrganisationPart>(),
      { header: 'Note and source', cell: noteCell, value: (row) => [row.note, row.rule ? `derived by ${row.rule} from ${row.readValue ?? ''}` : null].filter(Boolean).join('; ') },
    ],
  });
}

type ModelPart = Participation & { model: { __typename: 'Model'; id: string; name: string; family: string } };

/** The models an organisation runs or takes part in (from the page's own query: an organisation's parts are few), those it runs first. */
export async function organisationPartsSection(record: { id: string; key: string }, participations: (Participation & { model: { id: string; name: string; family: string } })[], self: ExportNode): Promise<HTMLElement> {
  const known = await loadRoleMeanings();
  const rank = roleOrder(known);
  const rows: ModelPart[] = participations.map((participation) => ({ ...participation, model: { ...participation.model, __typename: 'Model' as const } }))
    .sort((a, b) => rank(a.role) - rank(b.role) || a.model.name.localeCompare(b.model.name));
  return listSection<ModelPart>({
    id: 'models', title: 'Models it runs or takes part in', rows, empty: 'None recorded.', exportName: `${record.key}-models`,
    node: (row) => exportNodeOf(row.model, { family: row.model.family }),
    context: { node: self, edge: (row) => ({ source: record.id, target: row.model.id, type: edgeType(row.role),
      attributes: { role: row.role, roleDetail: row.roleDetail, rule: row.rule, readValue: row.readValue } }) },
    intro: [
      rows.length > 0 ? h('p', { class: 'detail' }, `By part: ${countsByRole(rows.map((row) => row.role), known)}. Operators and service providers run the model; the other parts take part without delivering it.`) : null,
      rolesExplained(rows.map((row) => row.role), known),
    ],
    columns: [
      { header: 'Model', cell: (row) => nodeLink(row.model), value: (row) => row.model.name },
      ...roleColumns<ModelPart>(),
      { header: 'Family', cell: (row) => words(row.model.family), value: (row) => words(row.model.family), code: (row) => row.model.family },
      { header: 'Note and source', cell: noteCell, value: (row) => [row.note, row.rule ? `derived by ${row.rule} from ${row.readValue ?? ''}` : null].filter(Boolean).join('; ') },
    ],
  });
}
