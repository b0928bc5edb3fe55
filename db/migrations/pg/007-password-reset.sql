-- A password set by someone else (a reset in /manage/users) must be replaced by its owner: until
-- they choose their own under /account/password, every officer page sends them there.
-- Forward-only: never edit this file once landed; add a new numbered file instead.
-- PostgreSQL version of ../007-password-reset.sql (the same statement).
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
