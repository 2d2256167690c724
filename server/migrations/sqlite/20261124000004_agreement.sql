-- Agreeing a plan: where it stands on its way to being signed, the
-- comments the carer and the worker exchange, and every plan the carer
-- signed, kept exactly as signed. Every row is reached from the carer's
-- id, so deleting the account deletes it all.

-- One row per carer whose worker has sent the plan to check at least once.
create table agreements (
    carer_id text primary key references users (user_id) on delete cascade,
    stage text not null check (stage in ('drafting', 'sent', 'commented', 'agreed')),
    -- goes up by one at every step: a step taken from an old page is refused
    version bigint not null,
    -- YYYY-MM-DD: proposed while sent, agreed once signed
    review_on text,
    -- when it was last sent, and when first (for the figures' "plan prepared")
    sent_at bigint,
    first_sent_at bigint,
    agreed_at bigint,
    -- YYYY-MM-DD: the carer said their circumstances changed (since signing)
    review_asked_on text,
    -- when the carer was emailed that a review is near (once per agreement)
    review_reminded_at bigint,
    updated_at bigint not null
);
create index agreements_stage on agreements (stage, review_on);

-- The carer's comments on a plan sent to them, and the worker's answers.
create table plan_comments (
    comment_id text primary key,
    carer_id text not null references users (user_id) on delete cascade,
    -- 1, 2, 3… in the order written: two in the same second keep their order
    sequence bigint not null,
    author_role text not null check (author_role in ('carer', 'worker')),
    -- the author's name when they wrote it, as the other side reads it
    author_name text not null,
    body text not null,
    written_at bigint not null,
    constraint plan_comments_sequence unique (carer_id, sequence)
);

-- Each plan the carer signed, as signed: never updated.
create table agreed_plans (
    agreed_plan_id text primary key,
    carer_id text not null references users (user_id) on delete cascade,
    agreed_at bigint not null,
    review_on text not null,
    worker_name text not null,
    -- every record of the plan as signed: a JSON array
    records text not null
);
create index agreed_plans_carer on agreed_plans (carer_id, agreed_at);

create trigger agreed_plans_are_immutable before update on agreed_plans
begin
    select raise(abort, 'an agreed plan is never changed');
end;
