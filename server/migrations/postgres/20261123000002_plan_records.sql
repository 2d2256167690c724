-- The carer's plan. Each section, person cared for, outcome and action is
-- its own record with its own version, so two edits never silently
-- overwrite each other, and every row holding a carer's words is reached
-- from their id (deleting the account deletes the plan).
create table plan_records (
    carer_id text not null references users (user_id) on delete cascade,
    -- e.g. 'about-me', 'area:health', 'person:<uuid>'
    record_key text not null,
    -- goes up by one with every save; a save names the version it started from
    version bigint not null,
    -- the answers: a JSON object of field name to text
    fields text not null,
    created_at bigint not null,
    updated_at bigint not null,
    primary key (carer_id, record_key)
);
