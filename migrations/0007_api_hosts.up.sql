-- An API may also answer on a host of its own (e.g. weather.acme.example): calls with that Host header are routed by
-- base path without the tenant segment. A host belongs to one tenant (checked by the store under an advisory lock);
-- within it, live APIs on one host have distinct base paths.
ALTER TABLE apis ADD COLUMN host text
    CHECK (length(host) <= 253 AND host ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$');
CREATE UNIQUE INDEX apis_host_base_path_key ON apis (host, base_path) WHERE host IS NOT NULL AND lifecycle <> 'retired';
