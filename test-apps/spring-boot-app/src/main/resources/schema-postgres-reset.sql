-- Profile "postgres" only (application-postgres.properties): run before schema.sql so that every start begins
-- from the same seeded tables, as with the in-memory H2 database. A restarted app on a database that outlived
-- it would otherwise fail on CREATE TABLE, and POST /orders (ids 1001, 1002, ... again) on duplicate keys.
DROP TABLE IF EXISTS pets, owners, orders;
