/** What the explorer reads of a relationship wherever it draws one (the graph, the connections view). */

export interface GraphRelationship {
  id: string;
  type: string;
  from: { id: string };
  to: { id: string };
  roleKind: string | null;
  role: string | null;
  rule: string | null;
  readValue: string | null;
  amount: number | null;
  currency: string | null;
  year: number | null;
  effect: string | null;
}

/** The fields of GraphRelationship, for a query's selection. */
export const relationshipFields = 'id type from { id } to { id } roleKind role rule readValue amount currency year effect';
