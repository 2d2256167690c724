-- Referral to social work. A carer may now share their plan with social
-- work too, so a consent record's recipient may be 'social-work'. SQLite
-- cannot change a check constraint in place: the table is rebuilt with the
-- same rows (nothing refers to it).
create table consent_records_new (
    consent_record_id text primary key,
    carer_id text not null references users (user_id) on delete cascade,
    -- every record of one share carries the same share_id
    share_id text not null,
    -- 1 when given, then 2, 3…: two racing changes cannot both be the next
    sequence bigint not null,
    recipient text not null check (recipient in ('centre', 'social-work')),
    change text not null check (change in ('given', 'changed', 'withdrawn')),
    -- section ids, comma-separated, as the carer chose them
    sections text not null,
    purpose text not null,
    -- the exact words the carer saw when they agreed
    wording text not null,
    recorded_at bigint not null,
    constraint consent_records_sequence unique (share_id, sequence)
);
insert into consent_records_new
    select consent_record_id, carer_id, share_id, sequence, recipient, change, sections, purpose, wording, recorded_at
    from consent_records;
drop table consent_records;
alter table consent_records_new rename to consent_records;
create index consent_records_carer on consent_records (carer_id, recorded_at);

-- Exactly what a worker referred, and on what basis: the carer's share to
-- social work, or a legal reason written out in full. Withdrawing that
-- share marks its referrals withdrawn, and their packages can no longer be
-- opened by anyone.
create table referrals (
    referral_id text primary key,
    carer_id text not null references users (user_id) on delete cascade,
    -- the carer's share to social work it rests on; null under a legal reason
    share_id text,
    -- section ids, comma-separated
    sections text not null,
    -- the worker's justification, when made under a legal reason
    legal_reason text,
    referred_by text not null,
    -- the worker's name when they referred, as the carer reads it
    referred_by_name text not null,
    referred_at bigint not null,
    withdrawn_at bigint,
    -- exactly the records referred, as they were sent: a JSON array
    package text not null,
    constraint referrals_basis check (share_id is not null or legal_reason is not null)
);
create index referrals_carer on referrals (carer_id, referred_at);
create index referrals_share on referrals (share_id);
create index referrals_legal on referrals (referred_at) where legal_reason is not null;
