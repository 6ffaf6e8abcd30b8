-- People the workspace engages (issue 6): its account team already has a working tie to them.
-- Introduction paths start from them and persona coverage counts a persona as tied through them.
ALTER TABLE people ADD COLUMN engaged boolean NOT NULL DEFAULT false;

-- The engaged people of a workspace: few of its people, read by every introduction and coverage.
CREATE INDEX people_engaged ON people (workspace_id) WHERE engaged;
