/** What the explorer knows of every node type: its page's address and its colour in the graph. */

export type NodeType = 'Organisation' | 'Model' | 'ChallengeArea' | 'Funder' | 'Outcome' | 'Evidence' | 'Source';

export interface NodeRef {
  __typename: string;
  id: string;
  name?: string | null;
  title?: string | null;
}

interface NodeTypeInfo {
  slug: string;
  label: string;
  plural: string;
  /** Fill colour in the graph; each passes WCAG AA contrast with black text. */
  colour: string;
  /** The SearchableType that limits a search to this type. */
  searchType: string;
}

export const nodeTypes: Record<NodeType, NodeTypeInfo> = {
  Model: { slug: 'model', label: 'Model', plural: 'Models', colour: '#f4a259', searchType: 'MODEL' },
  Organisation: { slug: 'organisation', label: 'Organisation', plural: 'Organisations', colour: '#8ecae6', searchType: 'ORGANISATION' },
  ChallengeArea: { slug: 'challenge-area', label: 'Challenge area', plural: 'Challenge areas', colour: '#b5e48c', searchType: 'CHALLENGE_AREA' },
  Funder: { slug: 'funder', label: 'Funder', plural: 'Funders', colour: '#ffd166', searchType: 'FUNDER' },
  Outcome: { slug: 'outcome', label: 'Outcome', plural: 'Outcomes', colour: '#cdb4db', searchType: 'OUTCOME' },
  Evidence: { slug: 'evidence', label: 'Evidence', plural: 'Evidence', colour: '#f28482', searchType: 'EVIDENCE' },
  Source: { slug: 'source', label: 'Source', plural: 'Sources', colour: '#d9d9d9', searchType: 'SOURCE' },
};

export function isNodeType(typename: string): typename is NodeType {
  return Object.hasOwn(nodeTypes, typename);
}

export function typeBySlug(slug: string): NodeType | undefined {
  return (Object.keys(nodeTypes) as NodeType[]).find((type) => nodeTypes[type].slug === slug);
}

export function pageHref(node: { __typename: string; id: string }): string {
  const slug = isNodeType(node.__typename) ? nodeTypes[node.__typename].slug : 'node';
  return `/${slug}/${encodeURIComponent(node.id)}`;
}

export function displayName(node: NodeRef): string {
  return node.name ?? node.title ?? node.id;
}

export function typeLabel(typename: string): string {
  return isNodeType(typename) ? nodeTypes[typename].label : typename;
}

/** The name of a node of any type (on a search result, which is not itself a Node, ask for its id with "... on Node { id }"). */
export const nodeNameFields = `
  ... on Organisation { name } ... on Model { name } ... on ChallengeArea { name } ... on Funder { name }
  ... on Outcome { name } ... on Evidence { title } ... on Source { title }`;

/** Fields every node query asks for, so any node can be linked and named. */
export const nodeRefFields = `
  __typename id${nodeNameFields}`;
