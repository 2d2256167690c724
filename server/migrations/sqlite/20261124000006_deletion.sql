-- Deleting a carer's data. A request to delete a shared plan waits here for
-- a manager; a legal hold keeps it (with the manager's note and a review
-- date); 'erasing' marks an erasure whose first step (ending the carer's
-- sessions) is done, so a server that stopped half-way finishes it when it
-- starts. The row goes with the account it belongs to.
create table deletion_requests (
    carer_id text primary key references users (user_id) on delete cascade,
    requested_at bigint not null,
    -- YYYY-MM-DD: the date promised to the carer
    due_on text not null,
    status text not null check (status in ('requested', 'held', 'erasing')),
    hold_ground text check (hold_ground in ('adult-protection', 'child-protection', 'legal-proceedings', 'complaint')),
    hold_note text,
    -- YYYY-MM-DD
    hold_review_on text,
    held_at bigint,
    held_by text,
    -- goes up at every change: a manager acting on an old page is refused
    version bigint not null
);
create index deletion_requests_status on deletion_requests (status, due_on);

-- What stays of an erased carer, for the anonymous monthly figures: the
-- days things happened to their plan, as JSON. No id, no name, no time of
-- erasure: nothing that leads back to them.
create table erased_plans (
    days text not null
);

-- The sessions an erasure ended, by the hash of their cookie token only: a
-- browser that comes back with one is told, once, to forget what it stored
-- for this site (unsent drafts). Nothing here names the carer; rows go
-- after 30 days.
create table erased_sessions (
    token_hash text primary key,
    erased_at bigint not null
);
