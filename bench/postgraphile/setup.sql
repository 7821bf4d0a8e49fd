-- What a PostGraphile user would write to serve the graph: PostGraphile follows foreign keys, and the store keeps
-- every relationship in one "Relationships" table keyed by kind, so each relationship type gets a view of its own
-- whose smart comments (@primaryKey, @foreignKey) name its ends. Everything lives in the schema "postgraphile" of
-- the benchmark's database, beside the product's tables and without changing them; the role the server connects
-- as may only read these views. The harness runs this file as the database's owner, once per database.

CREATE SCHEMA postgraphile;

-- Nodes.
CREATE VIEW postgraphile.organisations AS
SELECT "Id" AS id, "Name" AS name, "LegalForm" AS legal_form, "Status" AS status, "Sector" AS sector, "Region" AS region,
       "Nation" AS nation, "Place" AS place, "Postcode" AS postcode, "Website" AS website, "Description" AS description
FROM public."Organisations";
COMMENT ON VIEW postgraphile.organisations IS E'@primaryKey id';

CREATE VIEW postgraphile.organisation_identifiers AS
SELECT "OrganisationId" AS organisation_id, "Scheme" AS scheme, "Value" AS value FROM public."OrganisationIdentifiers";
COMMENT ON VIEW postgraphile.organisation_identifiers IS
E'@primaryKey organisation_id,scheme,value\n@foreignKey (organisation_id) references postgraphile.organisations (id)|@fieldName organisation|@foreignFieldName identifiers';

CREATE VIEW postgraphile.models AS
SELECT "Id" AS id, "Name" AS name, "Family" AS family, "Subtype" AS subtype, "Sector" AS sector, "Description" AS description
FROM public."Models";
COMMENT ON VIEW postgraphile.models IS E'@primaryKey id';

CREATE VIEW postgraphile.funders AS
SELECT "Id" AS id, "Name" AS name, "FunderKind" AS kind, "Website" AS website, "Description" AS description FROM public."Funders";
COMMENT ON VIEW postgraphile.funders IS E'@primaryKey id';

CREATE VIEW postgraphile.challenge_areas AS
SELECT "Id" AS id, "Name" AS name, "ParentId" AS parent_id, "Depth" AS depth, "Path" AS path, "Description" AS description
FROM public."ChallengeAreas";
COMMENT ON VIEW postgraphile.challenge_areas IS
E'@primaryKey id\n@foreignKey (parent_id) references postgraphile.challenge_areas (id)|@fieldName parent|@foreignFieldName children';

CREATE VIEW postgraphile.outcomes AS
SELECT "Id" AS id, "Name" AS name, "Description" AS description FROM public."Outcomes";
COMMENT ON VIEW postgraphile.outcomes IS E'@primaryKey id';

CREATE VIEW postgraphile.evidence AS
SELECT "Id" AS id, "Title" AS title, "Year" AS year, "Design" AS design, "Publisher" AS publisher, "Url" AS url,
       "RatingScale" AS rating_scale, "RatingLevel" AS rating_level, "RatingReason" AS rating_reason
FROM public."Evidence";
COMMENT ON VIEW postgraphile.evidence IS E'@primaryKey id';

CREATE VIEW postgraphile.sources AS
SELECT "Id" AS id, "Title" AS title, "Url" AS url, "Publisher" AS publisher FROM public."Sources";
COMMENT ON VIEW postgraphile.sources IS E'@primaryKey id';

-- A node's sources: one view, its node end a foreign key to each kind of node that has sources.
CREATE VIEW postgraphile.node_sources AS
SELECT "NodeId" AS node_id, "SourceId" AS source_id FROM public."NodeSources";
COMMENT ON VIEW postgraphile.node_sources IS E'@primaryKey node_id,source_id\n'
  '@foreignKey (source_id) references postgraphile.sources (id)|@fieldName source|@foreignFieldName nodeLinks\n'
  '@foreignKey (node_id) references postgraphile.organisations (id)|@fieldName organisation|@foreignFieldName sourceLinks\n'
  '@foreignKey (node_id) references postgraphile.models (id)|@fieldName model|@foreignFieldName sourceLinks\n'
  '@foreignKey (node_id) references postgraphile.evidence (id)|@fieldName evidence|@foreignFieldName sourceLinks';

-- Relationships: one view per type, its ends named by what they are.
CREATE VIEW postgraphile.runs AS
SELECT "Id" AS id, "FromId" AS organisation_id, "ToId" AS model_id, "Role" AS role
FROM public."Relationships" WHERE "Type" = 'Runs';
COMMENT ON VIEW postgraphile.runs IS E'@primaryKey id\n'
  '@foreignKey (organisation_id) references postgraphile.organisations (id)|@fieldName organisation|@foreignFieldName runs\n'
  '@foreignKey (model_id) references postgraphile.models (id)|@fieldName model|@foreignFieldName runs';

CREATE VIEW postgraphile.takes_part_in AS
SELECT "Id" AS id, "FromId" AS organisation_id, "ToId" AS model_id, "Role" AS role, "RoleKind" AS role_kind
FROM public."Relationships" WHERE "Type" = 'TakesPartIn';
COMMENT ON VIEW postgraphile.takes_part_in IS E'@primaryKey id\n'
  '@foreignKey (organisation_id) references postgraphile.organisations (id)|@fieldName organisation|@foreignFieldName participations\n'
  '@foreignKey (model_id) references postgraphile.models (id)|@fieldName model|@foreignFieldName participations';

CREATE VIEW postgraphile.works_in AS
SELECT "Id" AS id, "FromId" AS organisation_id, "ToId" AS area_id
FROM public."Relationships" WHERE "Type" = 'WorksIn';
COMMENT ON VIEW postgraphile.works_in IS E'@primaryKey id\n'
  '@foreignKey (organisation_id) references postgraphile.organisations (id)|@fieldName organisation|@foreignFieldName worksIn\n'
  '@foreignKey (area_id) references postgraphile.challenge_areas (id)|@fieldName area|@foreignFieldName organisationLinks';

CREATE VIEW postgraphile.partners_with AS
SELECT "Id" AS id, "FromId" AS organisation_id, "ToId" AS partner_id
FROM public."Relationships" WHERE "Type" = 'PartnersWith';
COMMENT ON VIEW postgraphile.partners_with IS E'@primaryKey id\n'
  '@foreignKey (organisation_id) references postgraphile.organisations (id)|@fieldName organisation|@foreignFieldName partnerships\n'
  '@foreignKey (partner_id) references postgraphile.organisations (id)|@fieldName partner|@foreignFieldName partneredBy';

-- A funder funds an organisation or a model, and evidence evaluates a model or an organisation: a view per end kind,
-- so that each end is a plain column (a CASE over "ToKind" would hide "ToId" from its index, and PostGraphile would
-- scan every relationship of the type for each row).
CREATE VIEW postgraphile.funds_organisation AS
SELECT "Id" AS id, "FromId" AS funder_id, "ToId" AS organisation_id,
       "Amount" AS amount, "Currency" AS currency, "Year" AS year, "Instrument" AS instrument, "Note" AS note
FROM public."Relationships" WHERE "Type" = 'Funds' AND "ToKind" = 'Organisation';
COMMENT ON VIEW postgraphile.funds_organisation IS E'@primaryKey id\n'
  '@foreignKey (funder_id) references postgraphile.funders (id)|@fieldName funder|@foreignFieldName organisationFundings\n'
  '@foreignKey (organisation_id) references postgraphile.organisations (id)|@fieldName organisation|@foreignFieldName fundings';

CREATE VIEW postgraphile.funds_model AS
SELECT "Id" AS id, "FromId" AS funder_id, "ToId" AS model_id,
       "Amount" AS amount, "Currency" AS currency, "Year" AS year, "Instrument" AS instrument, "Note" AS note
FROM public."Relationships" WHERE "Type" = 'Funds' AND "ToKind" = 'Model';
COMMENT ON VIEW postgraphile.funds_model IS E'@primaryKey id\n'
  '@foreignKey (funder_id) references postgraphile.funders (id)|@fieldName funder|@foreignFieldName modelFundings\n'
  '@foreignKey (model_id) references postgraphile.models (id)|@fieldName model|@foreignFieldName fundings';

CREATE VIEW postgraphile.addresses AS
SELECT "Id" AS id, "FromId" AS model_id, "ToId" AS area_id
FROM public."Relationships" WHERE "Type" = 'Addresses';
COMMENT ON VIEW postgraphile.addresses IS E'@primaryKey id\n'
  '@foreignKey (model_id) references postgraphile.models (id)|@fieldName model|@foreignFieldName addresses\n'
  '@foreignKey (area_id) references postgraphile.challenge_areas (id)|@fieldName area|@foreignFieldName modelLinks';

CREATE VIEW postgraphile.targets AS
SELECT "Id" AS id, "FromId" AS model_id, "ToId" AS outcome_id
FROM public."Relationships" WHERE "Type" = 'Targets';
COMMENT ON VIEW postgraphile.targets IS E'@primaryKey id\n'
  '@foreignKey (model_id) references postgraphile.models (id)|@fieldName model|@foreignFieldName targets\n'
  '@foreignKey (outcome_id) references postgraphile.outcomes (id)|@fieldName outcome|@foreignFieldName modelLinks';

CREATE VIEW postgraphile.outcome_in AS
SELECT "Id" AS id, "FromId" AS outcome_id, "ToId" AS area_id
FROM public."Relationships" WHERE "Type" = 'OutcomeIn';
COMMENT ON VIEW postgraphile.outcome_in IS E'@primaryKey id\n'
  '@foreignKey (outcome_id) references postgraphile.outcomes (id)|@fieldName outcome|@foreignFieldName areaLinks\n'
  '@foreignKey (area_id) references postgraphile.challenge_areas (id)|@fieldName area|@foreignFieldName outcomeLinks';

CREATE VIEW postgraphile.evaluates_model AS
SELECT "Id" AS id, "FromId" AS evidence_id, "ToId" AS model_id
FROM public."Relationships" WHERE "Type" = 'Evaluates' AND "ToKind" = 'Model';
COMMENT ON VIEW postgraphile.evaluates_model IS E'@primaryKey id\n'
  '@foreignKey (evidence_id) references postgraphile.evidence (id)|@fieldName evidence|@foreignFieldName modelLinks\n'
  '@foreignKey (model_id) references postgraphile.models (id)|@fieldName model|@foreignFieldName evaluatedBy';

CREATE VIEW postgraphile.evaluates_organisation AS
SELECT "Id" AS id, "FromId" AS evidence_id, "ToId" AS organisation_id
FROM public."Relationships" WHERE "Type" = 'Evaluates' AND "ToKind" = 'Organisation';
COMMENT ON VIEW postgraphile.evaluates_organisation IS E'@primaryKey id\n'
  '@foreignKey (evidence_id) references postgraphile.evidence (id)|@fieldName evidence|@foreignFieldName organisationLinks\n'
  '@foreignKey (organisation_id) references postgraphile.organisations (id)|@fieldName organisation|@foreignFieldName evaluatedBy';

CREATE VIEW postgraphile.evidence_in AS
SELECT "Id" AS id, "FromId" AS evidence_id, "ToId" AS area_id
FROM public."Relationships" WHERE "Type" = 'EvidenceIn';
COMMENT ON VIEW postgraphile.evidence_in IS E'@primaryKey id\n'
  '@foreignKey (evidence_id) references postgraphile.evidence (id)|@fieldName evidence|@foreignFieldName areaLinks\n'
  '@foreignKey (area_id) references postgraphile.challenge_areas (id)|@fieldName area|@foreignFieldName evidenceLinks';

CREATE VIEW postgraphile.reports AS
SELECT "Id" AS id, "FromId" AS evidence_id, "ToId" AS outcome_id, "Effect" AS effect, "EffectSize" AS effect_size, "Note" AS note
FROM public."Relationships" WHERE "Type" = 'Reports';
COMMENT ON VIEW postgraphile.reports IS E'@primaryKey id\n'
  '@foreignKey (evidence_id) references postgraphile.evidence (id)|@fieldName evidence|@foreignFieldName findings\n'
  '@foreignKey (outcome_id) references postgraphile.outcomes (id)|@fieldName outcome|@foreignFieldName findings';

-- A relationship's sources, for the two kinds whose sources the questions read.
CREATE VIEW postgraphile.relationship_sources AS
SELECT "RelationshipId" AS relationship_id, "SourceId" AS source_id FROM public."RelationshipSources";
COMMENT ON VIEW postgraphile.relationship_sources IS E'@primaryKey relationship_id,source_id\n'
  '@foreignKey (source_id) references postgraphile.sources (id)|@fieldName source|@foreignFieldName relationshipLinks\n'
  '@foreignKey (relationship_id) references postgraphile.funds_organisation (id)|@fieldName organisationFunding|@foreignFieldName sourceLinks\n'
  '@foreignKey (relationship_id) references postgraphile.funds_model (id)|@fieldName modelFunding|@foreignFieldName sourceLinks\n'
  '@foreignKey (relationship_id) references postgraphile.reports (id)|@fieldName finding|@foreignFieldName sourceLinks';

-- The role PostGraphile connects as: it may read the views above and nothing else, and cannot write.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'graph_bench_peer') THEN
    CREATE ROLE graph_bench_peer LOGIN PASSWORD 'graph_bench_peer' NOSUPERUSER NOCREATEDB NOCREATEROLE;
    ALTER ROLE graph_bench_peer SET default_transaction_read_only = on;
  END IF;
END
$$;
GRANT USAGE ON SCHEMA postgraphile TO graph_bench_peer;
GRANT SELECT ON ALL TABLES IN SCHEMA postgraphile TO graph_bench_peer;
