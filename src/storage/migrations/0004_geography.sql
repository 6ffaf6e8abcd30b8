-- Area boundaries for the map (GeoJSON geometry in WGS84), by the ODS code of the area.
CREATE TABLE boundaries (
  area_type  text NOT NULL CHECK (area_type IN ('sub_icb_location','icb')),
  code       text NOT NULL,
  name       text NOT NULL,
  geometry   jsonb NOT NULL,
  import_id  integer REFERENCES imports(id) ON DELETE SET NULL,
  PRIMARY KEY (area_type, code)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON boundaries TO atlas_app;
