/** The query behind each entity page: one request for the record, its related things and their sources. */
import { sourceFields } from '../app/view';

const evidenceItem = `id title year publisher design url rating { scale level label reason } sources { ${sourceFields} }`;
const fundingItem = `amount currency year instrument note sources { ${sourceFields} }`;

export const entityQueries: Record<string, string> = {
  Model: `query ModelPage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Model {
      key name family subtype description evidenceCount bestEvidenceLevel
      sources { ${sourceFields} }
      challengeAreas { id name depth }
      outcomes { id name }
      organisations { id name region legalForm fundings { funder { id name kind } ${fundingItem} } }
      fundings { funder { id name kind } ${fundingItem} }
      evidence { ${evidenceItem} findings { outcome { id name } effect note } }
    }
  }
}`,
  Organisation: `query OrganisationPage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Organisation {
      key name legalForm region place website description
      identifiers { scheme value }
      sources { ${sourceFields} }
      models { id name family }
      challengeAreas { id name }
      fundings { funder { id name kind } ${fundingItem} }
      evidence { ${evidenceItem} }
      partners { id name region }
    }
  }
}`,
  ChallengeArea: `query ChallengeAreaPage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on ChallengeArea {
      key name description depth
      sources { ${sourceFields} }
      ancestors { id name }
      children { id name }
      models { id name family evidenceCount }
      organisations { id name region }
      outcomes { id name }
      evidence { ${evidenceItem} }
    }
  }
}`,
  Funder: `query FunderPage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Funder {
      key name kind website description
      sources { ${sourceFields} }
      totals { currency amount count }
      fundings { recipient { __typename ... on Organisation { id name } ... on Model { id name } } ${fundingItem} }
      organisations { id name region }
      models { id name family }
    }
  }
}`,
  Outcome: `query OutcomePage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Outcome {
      key name description
      sources { ${sourceFields} }
      challengeAreas { id name }
      models { id name family }
      findings { effect note evidence { ${evidenceItem} } sources { ${sourceFields} } }
    }
  }
}`,
  Evidence: `query EvidencePage($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Evidence {
      key title authors publisher year url design summary
      rating { scale level label reason }
      sources { ${sourceFields} }
      findings { outcome { id name } effect note sources { ${sourceFields} } }
      models { id name family }
      organisations { id name region }
      challengeAreas { id name }
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

/** Models evaluated by evidence about an area or any area beneath it, with who funds them (the area page's main list). */
export const modelsWithEvidenceQuery = `query ModelsWithEvidenceInArea($key: String!) {
  models(
    where: { evidence: { some: { challengeAreas: { some: { within: { key: { eq: $key } } } } } } }
    order: [{ bestEvidenceLevel: DESC }, { name: ASC }]
    first: 200
  ) {
    totalCount
    nodes {
      id name family
      evidence { id title rating { scale level label reason } challengeAreas { key ancestors { key } } }
      fundings { funder { id name kind } amount currency year }
      organisations { id name fundings { funder { id name kind } amount currency year } }
    }
  }
}`;
