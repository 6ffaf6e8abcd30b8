-- Indexes the people queries need that 0007 left out: a network's and an organisation's incoming
-- relationships (the organisation and network pages, and the relationships list filtered by target),
-- and the memberships of people sitting for an organisation (an organisation's people). Partial:
-- most rows leave these columns empty. They also serve the ON DELETE actions of the foreign keys.
CREATE INDEX relationships_to_organisation ON relationships (to_organisation_id)
  WHERE to_organisation_id IS NOT NULL;
CREATE INDEX relationships_to_network ON relationships (to_network_id)
  WHERE to_network_id IS NOT NULL;
CREATE INDEX network_memberships_representing ON network_memberships (representing_id)
  WHERE representing_id IS NOT NULL;

-- A person's history in the audit log (subject access, the freshness page): entries whose
-- details->'person_ids' contains the person's id.
CREATE INDEX audit_log_person_ids ON audit_log USING gin ((details -> 'person_ids') jsonb_path_ops);
