-- Referral to social work. A carer may now share their plan with social
-- work too, so a consent record's recipient may be 'social-work'.
alter table consent_records drop constraint consent_records_recipient_check;
alter table consent_records add constraint consent_records_recipient_check
    check (recipient in ('centre', 'social-work'));

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
