-- Agency-wide ranges that cut a month read their edge days from totals_day; its key starts with the
-- service, so without a service filter those reads scanned the whole table.
CREATE INDEX totals_day_by_day ON totals_day(day);
