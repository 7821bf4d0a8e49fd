/**
 * The queries behind each entity page: one request for the record, its short lists (sources, identifiers, areas
 * above and below, fundings of the record itself) and their sources; and one per list that can run long, read a
 * page at a time through its connection (a plain list longer than the API's Limits:MaxListSize is an error).
 */
import { sourceFields } from '../app/view';
import { evidenceStatusFields } from './evidenceStatus';
import { verdictFields } from './verdict';

const evidenceItem = `id title year publisher design url rating { scale level label reason } sources { ${sourceFields} }`;
/** An organisation's part in a model (entities/participations.ts shows it). */
export const participationFields = `role roleDetail note rule readValue sources { ${sourceFields} }`;
const fundingItem = `amount currency year instrument note rule readValue sources { ${sourceFields} }`;

export const entityQueries: Record<string, string> = {
  Model: `query ModelPage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Model {
      key origin name alternativeNames family subtype sector description evidenceCount bestEvidenceLevel
      sources { ${sourceFields} }
      challengeAreas { __typename id name depth }
      outcomes { __typename id name }
      fundings { funder { __typename id name kind } ${fundingItem} }
      evidence { ${evidenceItem} findings { outcome { __typename id name } effect note } }
      verdict { ${verdictFields} }
      areaVerdicts { area { __typename id name depth } value reason bestEvidenceLevel decidedBy { __typename id title } }
    }
  }
}`,
  Organisation: `query OrganisationPage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Organisation {
      key origin name formerNames alternativeNames legalForm status incorporatedOn dissolvedOn sector sicCodes { code description }
      region regionRule nation postcode place website description
      identifiers { scheme value }
      funder { __typename id name }
      sources { ${sourceFields} }
      participations { ${participationFields} model { __typename id name family } }
      challengeAreas { __typename id name }
      fundings { funder { __typename id name kind } ${fundingItem} }
      evidence { ${evidenceItem} }
      partners { __typename id name region }
    }
  }
}`,
  ChallengeArea: `query ChallengeAreaPage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on ChallengeArea {
      key origin name description depth
      sources { ${sourceFields} }
      ancestors { __typename id name }
      children { __typename id name }
      outcomes { __typename id name }
      evidenceStatus { ${evidenceStatusFields} }
    }
  }
}`,
  Funder: `query FunderPage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Funder {
      key origin name formerNames alternativeNames kind website description
      organisation { __typename id name status dissolvedOn }
      sources { ${sourceFields} }
      totals { currency amount count }
      fundings { recipient { __typename ... on Organisation { id name } ... on Model { id name } } ${fundingItem} }
    }
  }
}`,
  Outcome: `query OutcomePage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Outcome {
      key origin name description
      sources { ${sourceFields} }
      challengeAreas { __typename id name }
      findings { effect note evidence { ${evidenceItem} } sources { ${sourceFields} } }
    }
  }
}`,
  Evidence: `query EvidencePage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Evidence {
      key origin title authors publisher year url design summary studiesPooled
      rating { scale level label reason }
      ratings { scale level label reason sources { ${sourceFields} } }
      sources { ${sourceFields} }
      findings { outcome { __typename id name } effect primary effectSize significant note sources { ${sourceFields} } }
      models { __typename id name family }
      challengeAreas { __typename id name }
    }
  }
}`,
  Source: `query SourcePage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Source { key title publisher url retrieved licence note origin }
  }
}`,
};

/** Rows per page of a long list: the API's largest page (Paging:MaxPageSize). */
export const pageSize = 200;

/**
 * One page of a record's related list, read through its connection: `${field}Connection(first:, after:)` of the
 * record with this id, with the total across all pages.
 */
export function connectionQuery(type: string, field: string, fields: string): string {
  const name = `${type}${field.charAt(0).toUpperCase()}${field.slice(1)}`;
  return `query ${name}($id: ID!, $first: Int!, $after: String) {
  node(id: $id) {
    ... on ${type} {
      ${field}Connection(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { ${fields} }
      }
    }
  }
}`;
}

/**
 * One page of the models or evidence of an area and of every area beneath it (the 'within' filter), so that a
 * top-level area counts what its sub-areas hold, as its evidence status does.
 */
export function withinAreaQuery(root: 'models' | 'evidence', fields: string): string {
  const name = root === 'models' ? 'ChallengeAreaModelsWithin' : 'ChallengeAreaEvidenceWithin';
  const order = root === 'models' ? '[{ name: ASC }]' : '[{ ratingLevel: DESC }, { title: ASC }]';
  return `query ${name}($key: String!, $first: Int!, $after: String) {
  ${root}(where: { challengeAreas: { some: { within: { key: { eq: $key } } } } }, order: ${order}, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { ${fields} }
  }
}`;
}

export const pagedFields = {
  model: 'id name family verdict { value }',
  evidence: evidenceItem,
};

/**
 * The model page's funding: the organisations running the model that have funding recorded, with their fundings.
 * Asked of all the organisations running it (not only the page shown), so the section is whole while it stays
 * bounded: funded organisations are few, and a page of them is the most one answer holds.
 */
export const fundedOrganisationsOfModelQuery = `query FundedOrganisationsOfModel($key: String!, $first: Int!) {
  organisations(where: { models: { some: { key: { eq: $key } } }, fundings: { any: true } }, order: [{ name: ASC }], first: $first) {
    totalCount
    nodes { __typename id name fundings { funder { __typename id name kind } ${fundingItem} } }
  }
}`;

/**
 * Models evaluated by evidence about an area or any area beneath it (the area page's main list), those that work
 * first, with the verdicts of them all (the filter's counts); and who funds them: the models' own funders, and those
 * of the organisations running them, read as the funded organisations that run any of these models (few) rather
 * than every organisation of every model (thousands per model). With verdicts, only the models with one of them.
 */
/**
 * An area's models ranked by the evidence about it (its modelsByEvidence: their verdict here, then the strongest
 * evidence here), with their counts per verdict, and the funded organisations running models with evidence here.
 */
export const modelsWithEvidenceQuery = `query ModelsWithEvidenceInArea($key: String!, $verdicts: [Verdict!], $first: Int!) {
  challengeAreas(where: { key: { eq: $key } }, first: 1) {
    nodes {
      modelsByEvidence(verdict: $verdicts, first: $first) {
        totalCount
        byVerdict { verdict count }
        nodes {
          value bestEvidenceLevel
          model {
            id name family
            evidence { __typename id title rating { scale level label reason } challengeAreas { key ancestors { key } } }
            fundings { funder { __typename id name kind } }
          }
        }
      }
    }
  }
  fundedOrganisations: organisations(
    where: { fundings: { any: true }, models: { some: { evidence: { some: { challengeAreas: { some: { within: { key: { eq: $key } } } } } } } } }
    order: [{ name: ASC }]
    first: $first
  ) {
    totalCount
    nodes { id models { id } fundings { funder { __typename id name kind } } }
  }
}`;
