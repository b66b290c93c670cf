DROP INDEX apis_host_base_path_key;
ALTER TABLE apis DROP COLUMN host;
