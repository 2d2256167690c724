-- Consent and hand-off: what a carer shares and with whom (append-only
-- consent records), where a handed-off plan stands, who opened it, and
-- the history of who it was allocated to. Every row about a carer is
-- reached from their id, so deleting the account deletes it all.

-- A deactivated staff member can no longer sign in; their sessions end.
alter table users add column deactivated_at bigint;

-- Append-only: giving, changing and withdrawing a share each add a row;
-- nothing is updated or deleted while the account exists.
create table consent_records (
    consent_record_id text primary key,
    carer_id text not null references users (user_id) on delete cascade,
    -- every record of one share carries the same share_id
    share_id text not null,
    -- 1 when given, then 2, 3…: two racing changes cannot both be the next
    sequence bigint not null,
    recipient text not null check (recipient in ('centre')),
    change text not null check (change in ('given', 'changed', 'withdrawn')),
    -- section ids, comma-separated, as the carer chose them
    sections text not null,
    purpose text not null,
    -- the exact words the carer saw when they agreed
    wording text not null,
    recorded_at bigint not null,
    constraint consent_records_sequence unique (share_id, sequence)
);
create index consent_records_carer on consent_records (carer_id, recorded_at);

-- One row per carer whose plan has been handed off: the queue, the
-- caseloads and the clocks read from here.
create table handoffs (
    carer_id text primary key references users (user_id) on delete cascade,
    share_id text not null,
    status text not null check (status in ('waiting', 'allocated', 'withdrawn')),
    -- the sections shared now (kept in step with consent_records)
    sections text not null,
    handed_off_at bigint not null,
    -- YYYY-MM-DD: the day the centre first knew them as a carer
    identified_on text not null,
    -- 'yes', 'no' or 'not-sure': is the person cared for terminally ill
    terminal text not null,
    -- 1 when terminal = 'yes', so the queue's order walks one index
    urgent bigint not null,
    -- highest impact given a shared area, 0..4; -1 when none rated
    top_impact bigint not null,
    -- how to get in touch: a JSON object (phone, email, times, what is safe)
    contact text not null,
    worker_id text references users (user_id),
    allocated_at bigint,
    needs_reallocation boolean not null default false,
    withdrawn_at bigint
);
create index handoffs_queue on handoffs (status, urgent desc, top_impact desc, handed_off_at, carer_id);
create index handoffs_worker on handoffs (worker_id, status);

-- Every time someone other than the carer opened part of their plan.
-- Written in the same transaction as the read it records.
create table access_log (
    access_id bigint generated always as identity primary key,
    carer_id text not null references users (user_id) on delete cascade,
    viewer_id text not null,
    -- the viewer's name and role when they looked, as the carer reads them
    viewer_name text not null,
    viewer_role text not null,
    -- what they opened, e.g. 'area-health', 'contact', 'print'
    what text not null,
    viewed_at bigint not null
);
create index access_log_carer on access_log (carer_id, viewed_at);

-- Who a plan was allocated to, and when: pick-ups, reallocations, and
-- plans returned to the queue when their worker left.
create table allocation_events (
    allocation_event_id bigint generated always as identity primary key,
    carer_id text not null references users (user_id) on delete cascade,
    worker_id text,
    event text not null check (event in ('picked-up', 'reallocated', 'returned')),
    by_id text not null,
    happened_at bigint not null
);
create index allocation_events_carer on allocation_events (carer_id, happened_at);
