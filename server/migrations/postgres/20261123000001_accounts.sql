-- Accounts, sessions, staff invitations and sign-in throttling.
-- Times are whole seconds since the Unix epoch, the same on both engines.

-- Carers register themselves; workers and managers are created by a manager.
create table users (
    user_id text primary key,
    -- lower-cased, so one person has one account
    email text not null,
    display_name text not null,
    -- Argon2id PHC string; null until a new staff member sets a password
    password_hash text,
    role text not null check (role in ('carer', 'worker', 'manager')),
    created_at bigint not null,
    constraint users_email unique (email)
);

-- Server-side sessions. Only a hash of the cookie token is kept, so a copy
-- of the database cannot be used to sign in as anyone.
create table sessions (
    token_hash text primary key,
    user_id text not null references users (user_id) on delete cascade,
    created_at bigint not null,
    last_seen_at bigint not null,
    shared_device boolean not null default false
);
create index sessions_user_id on sessions (user_id);

-- One-time links for a new staff member to set their password.
create table invitations (
    token_hash text primary key,
    user_id text not null references users (user_id) on delete cascade,
    expires_at bigint not null
);
create index invitations_user_id on invitations (user_id);

-- Failed sign-ins, keyed by hashes of the email and the client address so
-- the table holds no personal data in the clear.
create table failed_sign_ins (
    failed_sign_in_id bigint generated always as identity primary key,
    account_key text not null,
    client_key text not null,
    attempted_at bigint not null
);
create index failed_sign_ins_account on failed_sign_ins (account_key, attempted_at);
create index failed_sign_ins_client on failed_sign_ins (client_key, attempted_at);
