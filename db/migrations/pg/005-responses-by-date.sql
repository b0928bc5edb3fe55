-- Agency-wide reads of a range that cuts a month take the edge days from responses: without a
-- service filter the (service_id, local_date) index cannot serve them, so they scanned every
-- response. An index by date alone keeps those reads in proportion to the days read.
-- PostgreSQL version of ../005-responses-by-date.sql (the same index).
CREATE INDEX responses_date ON responses(local_date);
