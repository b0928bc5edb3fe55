-- Agency-wide ranges that cut a month read their edge days from totals_day; its key starts with the
-- service, so without a service filter those reads scanned the whole table.
-- PostgreSQL version of ../006-totals-by-day.sql (the same index).
CREATE INDEX totals_day_by_day ON totals_day(day);
